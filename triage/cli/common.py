"""What every subcommand shares: its shape, its errors and reading JSON input."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.errors import DuplicateKeyError, TriageError
from triage.files.strict_json import loads

EXIT_BAD_INPUT = 2


class CommandError(TriageError):
    """A failure the command line reports in one line and an exit status."""

    def __init__(self, message: str, status: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Command:
    """A subcommand: its name, help, how it adds its arguments, and what it runs."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def read_json_argument(source: str) -> Any:
    """Read one JSON document from a file path, or from standard input when the path is `-`.

    A key given twice in one object is refused (exit status 2), naming the key and its line.
    """
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot read {source}: {error.strerror}") from None
    try:
        return loads(text)
    except DuplicateKeyError as error:
        raise CommandError(f"{source}: {error.message}") from None
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{source} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None


def print_json(data: Any) -> None:
    """Print data as indented JSON."""
    print(json.dumps(data, indent=2, ensure_ascii=False))
