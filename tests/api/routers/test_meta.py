"""`/v1/version` and `/healthz`."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from rules.rulebase import RULE_BASE_VERSION
from tests.api.support import client

pytestmark = pytest.mark.anyio


async def test_the_version_names_the_app_the_rule_base_and_the_contract() -> None:
    async with client() as http:
        body = (await http.get("/v1/version")).json()
    assert body == {
        "app_version": version("pht-triage"),
        "rule_base_version": RULE_BASE_VERSION,
        "contract": "v1",
    }


async def test_the_health_check_answers_ok() -> None:
    async with client() as http:
        response = await http.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_readiness_reports_the_screening_pool_in_counts_only_and_needs_no_key() -> None:
    async with client() as http:
        response = await http.get("/readyz")
    assert response.status_code == 200
    found = response.json()
    assert found["status"] == "ready"
    assert set(found["screening"]) == {"processes", "alive", "restarts"}
