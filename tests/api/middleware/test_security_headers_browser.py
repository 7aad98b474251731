"""Browser callers: CORS only for the origins named, security headers on every answer, HEAD."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.examples import RUNNER
from api.keys import new_key
from tests.api.support import client, make_app
from tests.api.test_keys import keys_file

pytestmark = pytest.mark.anyio

CHATBOT = "https://chat.clinic.example"
PREFLIGHT = {
    "Origin": CHATBOT,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type, x-api-key",
}

ROUTES = [
    ("GET", "/healthz"),
    ("GET", "/docs"),
    ("GET", "/nowhere"),
    ("POST", "/v1/assessments"),
    ("PUT", "/v1/assessments"),
]


async def test_cors_is_off_by_default() -> None:
    async with client() as http:
        preflight = await http.options("/v1/assessments", headers=PREFLIGHT)
        answer = await http.post("/v1/assessments", json=RUNNER, headers={"Origin": CHATBOT})
    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in answer.headers


async def test_a_named_origin_passes_the_preflight_for_the_post_routes_with_the_key_header(
    tmp_path: Path,
) -> None:
    key = new_key()
    app = make_app(
        cors_origins=f"{CHATBOT}, https://forms.clinic.example",
        keys_file=keys_file(tmp_path, key),
    )
    async with client(app) as http:
        for path in ("/v1/assessments", "/v1/assessments/batch", "/v1/interview"):
            preflight = await http.options(path, headers=PREFLIGHT)  # carries no key
            assert preflight.status_code == 200, path
            assert preflight.headers["access-control-allow-origin"] == CHATBOT
            allowed = preflight.headers["access-control-allow-headers"].lower()
            assert "x-api-key" in allowed and "content-type" in allowed
        answer = await http.post(
            "/v1/assessments", json=RUNNER, headers={"Origin": CHATBOT, "X-API-Key": key}
        )
        stranger = await http.options(
            "/v1/assessments", headers={**PREFLIGHT, "Origin": "https://elsewhere.example"}
        )
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == CHATBOT
    assert stranger.status_code == 400
    assert "access-control-allow-origin" not in stranger.headers


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_every_answer_carries_the_security_headers(method: str, path: str) -> None:
    async with client() as http:
        response = await http.request(method, path, json=RUNNER)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "server" not in response.headers


async def test_refusals_carry_the_security_headers_too(tmp_path: Path) -> None:
    app = make_app(keys_file=keys_file(tmp_path, new_key()), rate_limit="1/minute")
    async with client(app) as http:
        refused = await http.get("/v1/rules")
    assert refused.status_code == 401
    assert refused.headers["x-frame-options"] == "DENY"
    assert refused.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", ["/v1/questions", "/v1/rules", "/v1/version", "/healthz"])
async def test_head_answers_on_every_get_route_with_the_get_headers(path: str) -> None:
    async with client() as http:
        got = await http.get(path)
        head = await http.head(path)
    assert head.status_code == got.status_code == 200
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.content == b""


async def test_head_is_not_listed_in_the_schema() -> None:
    async with client() as http:
        schema = (await http.get("/openapi.json")).json()
    assert not [p for p, methods in schema["paths"].items() if "head" in methods]
