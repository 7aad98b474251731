"""The reference pages generated at build time cover everything the code has: every command's
help, every setting, every operation and schema of the OpenAPI document, every question."""

from __future__ import annotations

import json
import os

import pytest

from api.settings import Settings
from rules.scale import Level
from tests.docs.hooks import REFERENCE
from triage.cli import build_parser
from triage.interview.questionnaire import items
from triage.settings import CoreSettings


def test_the_cli_page_shows_every_command_and_subcommand_with_its_help() -> None:
    page = REFERENCE.cli_markdown()
    names = [name for name, _ in REFERENCE.commands()]
    assert {"triage", "triage assess", "triage screen", "triage serve", "triage keys new"} <= set(
        names
    )
    top = build_parser().format_help().splitlines()[0]
    assert top in page
    for name in names:
        assert f"## `{name}`" in page
        assert f"usage: {name}" in page


def test_the_cli_help_is_formatted_for_one_width_whatever_the_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wide = REFERENCE.cli_markdown()
    monkeypatch.setenv("COLUMNS", "40")
    assert REFERENCE.cli_markdown() == wide
    assert os.environ["COLUMNS"] == "40"


def test_the_settings_page_lists_every_variable_of_both_settings_models() -> None:
    page = REFERENCE.settings_markdown()
    for model, prefix in ((Settings, "TRIAGE_API_"), (CoreSettings, "TRIAGE_")):
        for name, field in model.model_fields.items():
            assert f"`{prefix}{name.upper()}`" in page
            assert field.description, f"{prefix}{name.upper()} has no description"
            assert field.description.split("\n")[0] in page


def test_the_rest_api_page_has_every_operation_and_schema_of_the_served_document() -> None:
    schema = REFERENCE.openapi()
    page = REFERENCE.rest_api_markdown()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert f"### `{method.upper()} {path}` {{#{operation['operationId'].lower()}}}" in page
    for name in schema["components"]["schemas"]:
        assert f"### {name} {{#schema-{name.lower()}}}" in page
    assert json.loads(json.dumps(schema)) == schema


def test_the_vocabulary_page_has_every_question_text_and_level() -> None:
    page = REFERENCE.vocabulary_markdown()
    for item in items():
        assert f"`{item.id}`" in page
        assert item.text in page
    for level in Level:
        assert f"`{level.value}`" in page
