"""`/mcp` in the service (Streamable HTTP, stateless): behind the REST routes' API keys (the key also
as a bearer token), rate limit and body limits, refusing foreign origins; the SDK's client plays
it in process and against a real `triage serve`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from fastapi import FastAPI
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from tests.api.mcp.support import Person, content, mcp_step, play
from tests.api.support import TEST_BODY_LIMIT, make_app, serving
from tests.api.test_keys import KEY, keys_file
from tests.scenarios import load_scenarios

pytestmark = pytest.mark.anyio

BASE = "http://127.0.0.1"
JSON = {"content-type": "application/json", "accept": "application/json, text/event-stream"}


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx2.AsyncClient]:
    """The app with its lifespan running, and an HTTP client that calls it in process."""
    async with app.router.lifespan_context(app):
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url=BASE) as http:
            yield http


@asynccontextmanager
async def mcp_client(
    http: httpx2.AsyncClient, base: str = BASE, **options: Any
) -> AsyncIterator[Client]:
    """The SDK's client over Streamable HTTP, through a given HTTP client."""
    async with Client(streamable_http_client(f"{base}/mcp", http_client=http), **options) as mcp:
        yield mcp


async def test_the_sdk_client_holds_a_conversation_over_http_with_forms_and_relay() -> None:
    person = Person({"answers": {}})
    async with running(make_app()) as http, mcp_client(http, elicitation_callback=person) as mcp:
        assert mcp.protocol_version == "2026-07-28"
        first = content(await mcp.call_tool("interview_step", {"grouped": True}))
        emergency = await mcp.call_tool(
            "assess", {"intake": {"answers": {"saddle_numbness": "yes"}}}
        )
    assert set(first["form"]["answers"].values()) == {"unknown"}
    assert first["question"]["id"] == "clot_warning_signs"
    assert emergency.content[0].text == content(emergency)["relay"]  # type: ignore[union-attr]


async def test_with_keys_configured_mcp_needs_a_key_and_takes_it_as_a_bearer_token(
    tmp_path: Path,
) -> None:
    app = make_app(keys_file=keys_file(tmp_path, KEY))
    async with running(app) as http:
        refused = await http.post("/mcp", json={}, headers=JSON)
        http.headers["Authorization"] = f"Bearer {KEY}"
        async with mcp_client(http) as mcp:
            found = content(await mcp.call_tool("explain", {"id": "emergency"}))
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert found["kind"] == "level"


async def test_the_rate_limit_counts_mcp_calls_too() -> None:
    async with running(make_app(rate_limit="2/minute")) as http:
        statuses = [(await http.post("/mcp", json={}, headers=JSON)).status_code for _ in range(3)]
    assert statuses[:2] != [429, 429]
    assert statuses[2] == 429


async def test_a_body_over_the_limit_is_a_413_declared_or_chunked() -> None:
    big = (
        b'{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"x": "'
        + b"x" * TEST_BODY_LIMIT
        + b'"}}'
    )

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(big), 65536):
            yield big[start : start + 65536]

    async with running(make_app()) as http:
        declared = await http.post("/mcp", content=big, headers=JSON)
        chunked = await http.post("/mcp", content=chunks(), headers=JSON)
    assert (declared.status_code, chunked.status_code) == (413, 413)
    assert chunked.headers["content-type"] == "application/problem+json"


async def test_a_foreign_origin_is_refused_and_an_allowed_one_let_through() -> None:
    app = make_app(cors_origins="https://chat.clinic.example")
    async with running(app) as http:
        foreign = await http.post(
            "/mcp", json={}, headers={**JSON, "origin": "http://evil.example"}
        )
        allowed = await http.post(
            "/mcp", json={}, headers={**JSON, "origin": "https://chat.clinic.example"}
        )
        local = await http.post(
            "/mcp", json={}, headers={**JSON, "origin": "http://localhost:3000"}
        )
    assert foreign.status_code == 403
    assert foreign.headers["content-type"] == "application/problem+json"
    assert allowed.status_code != 403 and local.status_code != 403


@pytest.mark.slow
async def test_against_a_real_triage_serve_with_keys_a_conversation_ends_as_the_rest_interview(
    tmp_path: Path,
) -> None:
    env = {"TRIAGE_API_KEYS_FILE": str(keys_file(tmp_path, KEY))}
    with serving(tmp_path, env=env) as served:
        without = httpx.post(f"{served.base}/mcp", json={}, headers=JSON)
        headers = {"Authorization": f"Bearer {KEY}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=30) as http,
            mcp_client(http, served.base) as mcp,
        ):

            async def rest_step(request: dict[str, Any]) -> dict[str, Any]:
                answer = await http.post(f"{served.base}/v1/interview", json=request)
                assert answer.status_code == 200, answer.text
                found: dict[str, Any] = answer.json()
                return found

            for scenario in load_scenarios():
                asked, last = await play(mcp_step(mcp), scenario.intake, grouped=True)
                rest_asked, rest_last = await play(rest_step, scenario.intake, grouped=True)
                assert (asked, last["triage"]) == (rest_asked, rest_last["triage"]), scenario.name
                assert last["triage"]["level"] == scenario.expect["level"], scenario.name
                relayed = last["relay"] is not None
                assert relayed == (scenario.expect["level"] in ("emergency", "emergency_ambulance"))
    assert without.status_code == 401


async def test_a_message_with_a_key_given_twice_is_a_422_naming_the_key() -> None:
    body = (
        b'{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "assess", '
        b'"arguments": {"intake": {"answers": {"saddle_numbness": "yes", "saddle_numbness": "no"}}}}}'
    )
    async with running(make_app()) as http:
        answer = await http.post("/mcp", content=body, headers=JSON)
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert (error["path"], error["type"]) == (
        "params.arguments.intake.answers.saddle_numbness",
        "duplicate_key",
    )


async def test_the_app_serves_mcp_again_after_its_lifespan_ran_once_and_says_so_outside_one() -> (
    None
):
    app = make_app()
    for _ in range(2):
        async with running(app) as http, mcp_client(http) as mcp:
            assert content(await mcp.call_tool("explain", {"id": "self_care"}))["kind"] == "level"
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url=BASE) as http:
        outside = await http.post("/mcp", json={}, headers=JSON)
    assert outside.status_code == 503
