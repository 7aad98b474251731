"""The rate limit: per API key, or per client address without keys; beyond it a 429 problem."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.keys import new_key
from api.middleware.rate_limit import Limiter
from api.settings import Settings
from tests.api.support import client, make_app
from tests.api.test_keys import keys_file

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


async def test_bad_keys_from_one_address_get_a_429_past_the_limit_and_a_good_key_still_works(
    tmp_path: Path,
) -> None:
    key = new_key()
    app = make_app(keys_file=keys_file(tmp_path, key), auth_failure_limit="3/minute")
    async with client(app) as http:
        refused = [
            (await http.get("/v1/version", headers={"X-API-Key": "wrong"})).status_code
            for _ in range(4)
        ]
        good = await http.get("/v1/version", headers={"X-API-Key": key})
    assert refused == [401, 401, 401, 429]
    assert good.status_code == 200


async def test_hsts_is_sent_only_when_the_request_came_over_tls() -> None:
    app = make_app()
    plain = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=plain, base_url="http://test") as http:
        over_http = await http.get("/healthz")
    async with httpx.AsyncClient(transport=plain, base_url="https://test") as http:
        over_tls = await http.get("/healthz")
    assert "strict-transport-security" not in over_http.headers
    assert over_tls.headers["strict-transport-security"] == "max-age=31536000"


async def test_a_disallowed_cors_preflight_is_a_problem() -> None:
    app = make_app(cors_origins=["https://chat.clinic.example"])
    async with client(app) as http:
        refused = await http.options(
            "/v1/assessments",
            headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
        )
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/problem+json"
    assert "Disallowed CORS origin" in refused.json()["detail"]


def test_the_storage_setting_takes_a_shared_store_url_and_defaults_to_memory() -> None:
    assert Settings().rate_limit_storage == "memory://"
    limiter = Limiter("10/minute", "redis://127.0.0.1:1")
    assert type(limiter.storage).__name__ == "RedisStorage"


async def test_an_unreachable_store_lets_requests_through() -> None:
    app = make_app(rate_limit="1/minute", rate_limit_storage="redis://127.0.0.1:1")
    async with client(app) as http:
        answers = [(await http.get("/v1/version")).status_code for _ in range(2)]
    assert answers == [200, 200]
