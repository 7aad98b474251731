"""The reference pages generated from the code when the site is built, so that they cannot drift.

A MkDocs hook (`hooks:` in mkdocs.yml): `on_files` adds the command line's help, the settings, the
REST API (from the service's own OpenAPI document, with the document itself) and the vocabulary and
texts as pages of their own. The tests in `tests/docs/` call the same functions.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable, Iterator
from typing import Any

from hook_rest_api import OPENAPI_FILE, openapi, rest_api_markdown
from hook_tables import GENERATED, table
from pydantic import BaseModel

HELP_WIDTH = "100"
"""The terminal width the help is formatted for, so that the page is the same on every machine."""


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def commands() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every command of `triage`, subcommands after their command, with its parser."""
    from triage.cli import build_parser

    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = HELP_WIDTH
    try:
        waiting = [("triage", build_parser())]
        while waiting:
            name, parser = waiting.pop(0)
            yield name, parser
            waiting[:0] = [(f"{name} {sub}", p) for sub, p in _subcommands(parser).items()]
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


def cli_markdown() -> str:
    """Every command's `--help`, as `triage COMMAND --help` prints it."""
    lines = ["# Command line", "", f"Every `triage` command and its `--help`. {GENERATED}", ""]
    helps = [(name, parser.format_help()) for name, parser in commands()]
    lines += [f"- [`{name}`](#{name.replace(' ', '-')})" for name, _ in helps[1:]]
    for name, text in helps:
        lines += ["", f"## `{name}` {{#{name.replace(' ', '-')}}}", "", "```text", text.rstrip()]
        lines += ["```"]
    return "\n".join(lines) + "\n"


def _default(field: Any) -> str:
    value = field.get_default(call_default_factory=True)
    if value is None:
        return "unset"
    if value == []:
        return "empty"
    if isinstance(value, bool):
        return str(value).lower()
    return f"`{value}`"


def settings_rows(model: type[BaseModel], prefix: str) -> list[tuple[str, str, str]]:
    """A settings model's variables: name, default and meaning, from the model's own fields."""
    return [
        (f"`{(prefix + name).upper()}`", _default(field), field.description or "")
        for name, field in model.model_fields.items()
    ]


def settings_markdown() -> str:
    """The environment variables of the service and of the core, from their settings models."""
    from api.settings import ENV_PREFIX, Settings
    from triage.settings import ENV_PREFIX as CORE_PREFIX
    from triage.settings import CoreSettings

    header = ("variable", "default", "meaning")
    return "\n".join(
        [
            "# Settings",
            "",
            f"Everything that can be tuned without code is an environment variable. {GENERATED}",
            "",
            "## The service (`triage serve`)",
            "",
            "Read once, when the service starts. `triage serve --help` shows the options that set",
            "some of them for the server and all its workers.",
            "",
            *table(header, settings_rows(Settings, ENV_PREFIX)),
            "",
            "## The core (the library, every command and the service)",
            "",
            "Read once, when a command or the service starts; the library's default `Triage`",
            "uses the defaults and never reads the environment (build a `Triage` with your own",
            "`CoreSettings`, or `triage.from_environment()`). Every core command takes each as an",
            "option too (`triage assess --help`).",
            "",
            *table(header, settings_rows(CoreSettings, CORE_PREFIX)),
            "",
        ]
    )


def vocabulary_markdown() -> str:
    """The questions with their ids, answers and texts, the question groups and the triage levels."""
    from rules.scale import DISPOSITIONS
    from triage.interview.questionnaire import items
    from triage.texts import group_texts

    def answers(item: Any) -> str:
        if item.minimum is not None and item.maximum is not None:
            return f"number {item.minimum:g} to {item.maximum:g}" + (
                f" ({item.unit})" if item.unit else ""
            )
        return ", ".join(f"`{choice}`" for choice in item.choices or ())

    rows = [
        (f"`{i.id}`", f"`{i.field}`", i.group.replace("_", " "), answers(i), i.text, i.why)
        for i in items()
    ]
    groups = [(f"`{group}`", text.text, text.why) for group, text in group_texts().items()]
    levels = [
        (f"`{level.value}`", referral.see, referral.within)
        for level, referral in DISPOSITIONS.items()
    ]
    return "\n".join(
        [
            "# Vocabulary and texts",
            "",
            f"The ids the contract uses and the English texts a person reads. {GENERATED}",
            "Every question also accepts `unknown` (or `null`), which is never read as no. The red",
            "flags' messages and the advice texts are listed with their rules in",
            "[The rule base](../rule-base.md).",
            "",
            "## Questions, in the order they are asked",
            "",
            *table(("id", "field", "section", "answers", "text", "why it is asked"), rows),
            "",
            "## Question groups (a grouped interview)",
            "",
            *table(("group", "text", "why it is asked"), groups),
            "",
            "## Triage levels, most urgent first",
            "",
            *table(("level", "who to see", "how soon"), levels),
            "",
        ]
    )


def pages() -> dict[str, Callable[[], str]]:
    """Each generated page and the function that writes it."""
    return {
        "reference/cli.md": cli_markdown,
        "reference/settings.md": settings_markdown,
        "reference/rest-api.md": rest_api_markdown,
        "reference/vocabulary.md": vocabulary_markdown,
    }


def on_files(files: Any, config: Any) -> Any:
    """MkDocs: add the generated pages and the OpenAPI document to the site's files."""
    from mkdocs.structure.files import File

    for uri, writer in pages().items():
        files.append(File.generated(config, uri, content=writer()))
    files.append(File.generated(config, OPENAPI_FILE, content=json.dumps(openapi(), indent=2)))
    return files
