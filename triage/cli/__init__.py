"""The `triage` command line: one module per subcommand, registered in `COMMANDS`.

Packages built on the core add subcommands through the entry point group `triage.commands`
(each entry a `Command`): `triage serve` lives with the REST service, which adds it there, so
the core never names the service.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points

from pydantic import ValidationError

from triage.cli import (
    assess_command,
    catalogue_command,
    check_command,
    coverage_command,
    fhir_command,
    parse_command,
    screen_command,
    turns_command,
    validate_command,
)
from triage.cli.common import Command, add_setting_options, given_settings, setting_error
from triage.core import Triage
from triage.errors import EXIT_BAD_INPUT, CommandError, TriageError
from triage.settings import ENV_PREFIX, CoreSettings, from_environment

__all__ = [
    "COMMANDS",
    "COMMAND_GROUP",
    "Command",
    "add_setting_options",
    "build_parser",
    "commands",
    "given_settings",
    "main",
    "setting_error",
]

COMMANDS: tuple[Command, ...] = (
    assess_command.COMMAND,
    catalogue_command.RULES,
    catalogue_command.QUESTIONS_LIST,
    fhir_command.COMMAND,
    parse_command.COMMAND,
    coverage_command.COMMAND,
    screen_command.COMMAND,
    check_command.COMMAND,
    validate_command.COMMAND,
    turns_command.COMMAND,
)
"""The core's own subcommands, in the order `triage --help` lists them."""

COMMAND_GROUP = "triage.commands"
"""The entry point group through which other packages add subcommands."""


def commands() -> tuple[Command, ...]:
    """The core's subcommands, then those other installed packages add, by name."""
    added = sorted(entry_points(group=COMMAND_GROUP), key=lambda entry: entry.name)
    return COMMANDS + tuple(entry.load() for entry in added)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="triage",
        description="Rule-based triage for proximal hamstring tendinopathy (sit-bone pain).",
    )
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in commands():
        sub = subcommands.add_parser(command.name, help=command.help, description=command.help)
        command.configure(sub)
        if command in COMMANDS:
            add_setting_options(sub, CoreSettings, ENV_PREFIX)
        sub.set_defaults(handler=command.run)
    return parser


def _core(args: argparse.Namespace) -> Triage:
    """The run's one `Triage`: its settings read once, from the options (the core's own commands
    take them) and then the environment."""
    try:
        return Triage(from_environment(**given_settings(args, CoreSettings)))
    except ValidationError as error:
        raise setting_error(error, ENV_PREFIX) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        args.core = _core(args)  # cheap: engines are built when a run needs one
        status: int = args.handler(args)
    except TriageError as error:  # the one place an error becomes a message and an exit status
        print(f"triage {args.command}: {error}", file=sys.stderr)
        return error.status if isinstance(error, CommandError) else EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    return status
