"""The rate limit: per API key, or per client address without keys; beyond it a 429 problem."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from tests.api.support import client, make_app
from tests.api.test_keys import keys_file
from triage.api_keys import new_key

pytestmark = pytest.mark.anyio


async def test_beyond_the_limit_a_caller_gets_a_429_problem_with_retry_after() -> None:
    app = make_app(rate_limit="3/minute")
    async with client(app) as http:
        answered = [(await http.get("/v1/version")).status_code for _ in range(3)]
        refused = await http.get("/v1/version")
        health = await http.get("/healthz")
    assert answered == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert "3 per 1 minute" in refused.json()["detail"]
    assert health.status_code == 200  # the liveness check is never counted or refused


async def test_each_key_has_its_own_allowance(tmp_path: Path) -> None:
    first, second = new_key(), new_key()
    app = make_app(rate_limit="2/minute", keys_file=keys_file(tmp_path, first, second))
    async with client(app) as http:
        for _ in range(2):
            assert (await http.get("/v1/version", headers={"X-API-Key": first})).status_code == 200
        assert (await http.get("/v1/version", headers={"X-API-Key": first})).status_code == 429
        other = await http.get("/v1/version", headers={"Authorization": f"Bearer {second}"})
    assert other.status_code == 200


async def test_without_keys_each_client_address_has_its_own_allowance() -> None:
    app = make_app(rate_limit="1/minute")
    answers = []
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.1"):
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            answers.append((await http.get("/v1/version")).status_code)
    assert answers == [200, 200, 429]


async def test_a_rate_limited_schema_documents_the_429() -> None:
    async with client(make_app(rate_limit="600/minute")) as http:
        schema = (await http.get("/openapi.json")).json()
    refused = schema["paths"]["/v1/interview"]["post"]["responses"]["429"]
    assert "Retry-After" in refused["headers"]


def test_a_limit_that_does_not_parse_is_refused_at_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRIAGE_API_RATE_LIMIT", "600 per fortnight")
    with pytest.raises(ValueError, match="rate_limit"):
        create_app(Settings())
