"""`triage serve`: run the REST service on uvicorn (by default on 127.0.0.1:8000).

The core finds this subcommand through the `triage.commands` entry point (see pyproject.toml).
The server is set up by `api.server` from the service's settings (`TRIAGE_API_*`); an option given
here (generated from the settings model) sets its variable for this process and its workers, so
that every worker reads the same.
"""

from __future__ import annotations

import argparse
import os

from pydantic import ValidationError

from api.server import APP_FACTORY
from api.settings import ENV_PREFIX, Settings
from triage import CommandError
from triage.cli import Command, add_setting_options, given_settings, setting_error

__all__ = ["APP_FACTORY", "COMMAND"]

SETTINGS = (
    "body_timeout_s",
    "send_timeout_s",
    "keep_alive_s",
    "limit_concurrency",
    "shutdown_timeout_s",
    "trusted_proxies",
)
"""The service settings `serve` takes as options too; their names, types and help come from
`api.settings.Settings`."""


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
    add_setting_options(parser, Settings, ENV_PREFIX, SETTINGS)


def _run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise CommandError(f"--port must be from 0 to 65535, got {args.port}")
    if args.workers < 1:
        raise CommandError(f"--workers must be 1 or more, got {args.workers}")
    given = given_settings(args, Settings, SETTINGS)
    try:
        Settings(**given)  # checked here, so that a bad value is one line, not a worker's crash
    except ValidationError as error:
        raise setting_error(error, ENV_PREFIX) from None
    for name, value in given.items():
        os.environ[f"{ENV_PREFIX}{name.upper()}"] = str(value)
    from api.server import serve

    try:
        serve(host=args.host, port=args.port, workers=args.workers, log_level=args.log_level)
    except ValueError as error:
        raise CommandError(str(error)) from None
    return 0


COMMAND = Command("serve", "run the REST service (uvicorn)", _configure, _run)
"""The `serve` subcommand."""
