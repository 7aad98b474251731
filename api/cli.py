"""`triage serve`: run the REST service on uvicorn (by default on 127.0.0.1:8000).

The core finds this subcommand through the `triage.commands` entry point (see pyproject.toml).
"""

from __future__ import annotations

import argparse

from triage.cli.common import Command, CommandError

APP_FACTORY = "api.app:create_app"
"""The service as an import string: uvicorn needs one to start several worker processes."""


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (1)")
    parser.add_argument(
        "--log-level",
        default="info",
        choices=("critical", "error", "warning", "info", "debug"),
        help="server log level (info); no level ever logs a request or response body",
    )


def _run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise CommandError(f"--port must be from 0 to 65535, got {args.port}")
    if args.workers < 1:
        raise CommandError(f"--workers must be 1 or more, got {args.workers}")
    import uvicorn  # here, so that the other subcommands start without loading the server

    # uvicorn's own access log has the method, path and status only, never a body.
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        server_header=False,  # no `server: uvicorn` telling a prober what to try (issue 10)
    )
    return 0


COMMAND = Command("serve", "run the REST service (uvicorn)", _configure, _run)
"""The `serve` subcommand."""
