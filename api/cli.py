"""`triage serve`: run the REST service on uvicorn (by default on 127.0.0.1:8000).

The core finds this subcommand through the `triage.commands` entry point (see pyproject.toml).
The server is set up by `api.server` from the service's settings (`TRIAGE_API_*`); an option given
here sets its variable for this process and its workers, so that every worker reads the same.
"""

from __future__ import annotations

import argparse
import os

from api.server import APP_FACTORY
from triage.cli.common import Command
from triage.errors import CommandError

__all__ = ["APP_FACTORY", "COMMAND"]

SETTINGS = {
    "body_timeout": (
        "TRIAGE_API_BODY_TIMEOUT_S",
        float,
        "seconds a request's headers, then its body, may take (30)",
    ),
    "send_timeout": (
        "TRIAGE_API_SEND_TIMEOUT_S",
        float,
        "seconds a client may leave an answer unread before it is closed (30)",
    ),
    "keep_alive": (
        "TRIAGE_API_KEEP_ALIVE_S",
        int,
        "seconds an idle keep-alive connection is kept (5)",
    ),
    "limit_concurrency": (
        "TRIAGE_API_LIMIT_CONCURRENCY",
        int,
        "connections a worker serves at once; beyond it, 503 (512)",
    ),
    "shutdown_timeout": (
        "TRIAGE_API_SHUTDOWN_TIMEOUT_S",
        int,
        "seconds to finish requests after SIGTERM before closing them (30)",
    ),
    "trusted_proxies": (
        "TRIAGE_API_TRUSTED_PROXIES",
        str,
        "comma-separated proxy addresses whose X-Forwarded-For is believed (none)",
    ),
}
"""Options that set a service setting: option name, its environment variable, type and help."""


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
    for name, (variable, kind, text) in SETTINGS.items():
        parser.add_argument(
            "--" + name.replace("_", "-"), type=kind, default=None, help=f"{text}; {variable}"
        )


def _run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise CommandError(f"--port must be from 0 to 65535, got {args.port}")
    if args.workers < 1:
        raise CommandError(f"--workers must be 1 or more, got {args.workers}")
    for name, (variable, _, _) in SETTINGS.items():
        value = getattr(args, name)
        if value is not None:
            os.environ[variable] = str(value)
    from api.server import serve

    try:
        serve(host=args.host, port=args.port, workers=args.workers, log_level=args.log_level)
    except ValueError as error:
        raise CommandError(str(error)) from None
    return 0


COMMAND = Command("serve", "run the REST service (uvicorn)", _configure, _run)
"""The `serve` subcommand."""
