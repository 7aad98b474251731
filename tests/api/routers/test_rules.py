"""`/v1/rules`: the rule catalogue with descriptions and sources."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from api.schemas import RuleOut
from rules.catalogue import CatalogueEntry, catalogue
from rules.rulebase import RULE_BASE_VERSION
from tests.api.support import client
from triage.cli import main

pytestmark = pytest.mark.anyio


async def test_the_rule_catalogue_lists_every_rule_with_a_description_and_a_source() -> None:
    async with client() as http:
        body = (await http.get("/v1/rules")).json()
    assert body["rule_base_version"] == RULE_BASE_VERSION
    assert [rule["id"] for rule in body["rules"]] == [entry.id for entry in catalogue()]
    assert all(rule["description"] and rule["source"] for rule in body["rules"])


@pytest.mark.parametrize(
    ("command", "path", "key"),
    [("rules", "/v1/rules", "rules"), ("questions", "/v1/questions", "items")],
)
async def test_the_service_shows_the_catalogue_and_questionnaire_the_cli_prints(
    command: str, path: str, key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    async with client() as http:
        served = (await http.get(path)).json()[key]
    assert printed == served
    assert len(printed) == len(served) > 0


def test_a_rule_without_a_source_shows_an_empty_source_everywhere() -> None:
    entry = catalogue()[0]
    bare = CatalogueEntry(replace(entry.info, source=None), entry.questions)
    assert bare.as_data()["source"] == ""
    assert RuleOut.of(bare).source == ""
