"""What every subcommand shares: its shape, its errors and reading JSON input."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from triage.errors import CommandError, DuplicateKeyError
from triage.files.strict_json import loads


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


def add_setting_options(
    parser: argparse.ArgumentParser,
    model: type[BaseModel],
    prefix: str,
    names: tuple[str, ...] | None = None,
) -> None:
    """One option per field of a settings model, its type, help and default read from the model.

    A field `body_timeout_s` becomes `--body-timeout`; the help names the environment variable
    (`prefix` and the field's name) that sets the same when the option is not given.
    """
    group = parser.add_argument_group("settings")
    for name, field in model.model_fields.items():
        if names is not None and name not in names:
            continue
        default = field.get_default(call_default_factory=True)
        shown = ", ".join(map(str, default)) if isinstance(default, list) else default
        group.add_argument(
            "--" + option_name(name),
            dest=name,
            type=_option_type(field.annotation),
            default=None,
            metavar=option_name(name).replace("-", "_").upper(),
            help=f"{(field.description or '').rstrip('.')} ({shown}); {prefix}{name.upper()}",
        )


def option_name(field: str) -> str:
    """The option of a settings field: dashes, and no `_s` unit suffix (`--body-timeout`)."""
    return field.removesuffix("_s").replace("_", "-")


def given_settings(
    args: argparse.Namespace, model: type[BaseModel], names: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """The settings fields given as options on this command line."""
    chosen = model.model_fields if names is None else names
    return {name: value for name in chosen if (value := getattr(args, name, None)) is not None}


def setting_error(error: ValidationError, prefix: str) -> CommandError:
    """A settings model's validation error as one line naming each setting."""
    parts = []
    for item in error.errors(include_url=False):
        name = ".".join(map(str, item["loc"]))
        parts.append(f"{name} (--{option_name(name)}, {prefix}{name.upper()}): {item['msg']}")
    return CommandError("bad setting: " + "; ".join(parts))


def _option_type(annotation: Any) -> Callable[[str], Any]:
    """The type an option's text is converted to: a list or an optional takes its inner type."""
    if get_origin(annotation) in (Union, UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is list:
        return str  # comma-separated, split by the model
    return annotation if annotation in (int, float, str, Path) else str
