"""`/v1/rules`: the rule catalogue with descriptions and sources."""

from __future__ import annotations

import pytest

from rules.rulebase import RULE_BASE_VERSION
from tests.api_support import client
from triage.catalogue import catalogue

pytestmark = pytest.mark.anyio


async def test_the_rule_catalogue_lists_every_rule_with_a_description_and_a_source() -> None:
    async with client() as http:
        body = (await http.get("/v1/rules")).json()
    assert body["rule_base_version"] == RULE_BASE_VERSION
    assert [rule["id"] for rule in body["rules"]] == [entry.id for entry in catalogue()]
    assert all(rule["description"] and rule["source"] for rule in body["rules"])
