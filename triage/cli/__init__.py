"""The `triage` command line: one module per subcommand, registered in `COMMANDS`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from triage.cli import (
    assess_command,
    catalogue_command,
    check_command,
    coverage_command,
    keys_command,
    serve_command,
    validate_command,
)
from triage.cli.common import EXIT_BAD_INPUT, Command, CommandError
from triage.errors import TriageError

COMMANDS: tuple[Command, ...] = (
    assess_command.COMMAND,
    catalogue_command.RULES,
    catalogue_command.QUESTIONS_LIST,
    serve_command.COMMAND,
    keys_command.COMMAND,
    coverage_command.COMMAND,
    check_command.COMMAND,
    validate_command.COMMAND,
)
"""Every subcommand, in the order `triage --help` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="triage",
        description="Rule-based triage for proximal hamstring tendinopathy (sit-bone pain).",
    )
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = subcommands.add_parser(command.name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(handler=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except CommandError as error:
        print(f"triage {args.command}: {error}", file=sys.stderr)
        return error.status
    except TriageError as error:
        print(f"triage {args.command}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    return status
