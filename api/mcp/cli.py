"""`triage mcp`: the MCP server on standard input and output, for desktop hosts.

The core finds this subcommand through the `triage.commands` entry point (see pyproject.toml). It
writes nothing but protocol messages to standard output; warnings go to standard error, and no
answer or result is ever logged.
"""

from __future__ import annotations

import argparse
import logging

from triage.cli import Command


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Serve the rule base as MCP tools (interview_step, assess, parse_text, explain), "
        "resources and a prompt, over standard input and output. A desktop host starts it as "
        "its command; see docs/guides/mcp.md."
    )


def _run(args: argparse.Namespace) -> int:
    from api.mcp.server import build_server

    # Warnings and errors to standard error (standard output carries the protocol); no level
    # logs an argument or a result.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    build_server(args.core).run("stdio")
    return 0


COMMAND = Command(
    "mcp", "serve the rule base as MCP tools on standard input and output", _configure, _run
)
"""The `mcp` subcommand."""
