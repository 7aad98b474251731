"""`triage keys new`: make an API key and print the line its keys file needs."""

from __future__ import annotations

import argparse

from api.keys import digest_of, new_key
from triage.cli import Command


def _configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser(
        "new",
        help="print a new random key, and the digest line to add to TRIAGE_API_KEYS_FILE",
        description="Print a new random API key, to give to one caller, and the line to add to "
        "the keys file (its SHA-256 digest). The key itself is shown once and stored nowhere.",
    )


def _run(args: argparse.Namespace) -> int:
    key = new_key()
    print(f"key: {key}")
    print("add this line to the file TRIAGE_API_KEYS_FILE names:")
    print(f"{digest_of(key)}  # who holds it, and since when")
    return 0


COMMAND = Command("keys", "make API keys for the REST service (keys new)", _configure, _run)
"""The `keys` subcommand."""
