"""API keys: with a keys file, every route but /healthz needs a valid key, sent either way."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from api.examples import RUNNER
from api.keys import digest_of, new_key, read_key_ring
from tests.api.support import client, make_app
from triage.cli import main
from triage.errors import SettingFileError

pytestmark = pytest.mark.anyio

KEY = new_key()
OTHER = new_key()


def keys_file(folder: Path, *keys: str) -> Path:
    """A keys file as a clinic writes it: a comment, a blank line, one digest a line."""
    path = folder / "keys.txt"
    lines = ["# pht-triage API keys", ""] + [f"{digest_of(k)}  # a caller" for k in keys]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def guarded(tmp_path: Path) -> Any:
    return make_app(keys_file=keys_file(tmp_path, KEY, OTHER))


@pytest.mark.parametrize(
    "headers",
    [{"X-API-Key": KEY}, {"Authorization": f"Bearer {KEY}"}, {"X-API-Key": OTHER}],
    ids=["x-api-key", "bearer", "second-key"],
)
async def test_a_valid_key_in_either_header_is_let_through(
    guarded: Any, headers: dict[str, str]
) -> None:
    async with client(guarded) as http:
        answer = await http.post("/v1/assessments", json=RUNNER, headers=headers)
        listed = await http.get("/v1/questions", headers=headers)
    assert (answer.status_code, listed.status_code) == (200, 200)


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "Send a valid API key"),
        ({"X-API-Key": KEY[:-1]}, "not valid"),
        ({"Authorization": f"Basic {KEY}"}, "Send a valid API key"),
        ({"X-API-Key": digest_of(KEY)}, "not valid"),
    ],
    ids=["missing", "wrong", "not-bearer", "the-digest-itself"],
)
async def test_a_missing_or_wrong_key_is_a_401_problem_with_a_challenge(
    guarded: Any, headers: dict[str, str], detail: str
) -> None:
    async with client(guarded) as http:
        for method, path in [("POST", "/v1/assessments"), ("GET", "/v1/rules"), ("GET", "/docs")]:
            response = await http.request(method, path, json=RUNNER, headers=headers)
            assert response.status_code == 401, path
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["www-authenticate"].startswith("Bearer")
            problem = response.json()
            assert problem["status"] == 401 and detail in problem["detail"]
            assert KEY not in response.text and digest_of(KEY) not in response.text


async def test_healthz_answers_without_a_key(guarded: Any) -> None:
    async with client(guarded) as http:
        assert (await http.get("/healthz")).status_code == 200


async def test_no_key_reaches_a_log(guarded: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        async with guarded.router.lifespan_context(guarded), client(guarded) as http:
            await http.get("/v1/version", headers={"X-API-Key": KEY})
            await http.get("/v1/version", headers={"Authorization": f"Bearer {OTHER}x"})
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "API keys required on every route but /healthz (2 keys)" in text
    for secret in (KEY, OTHER, digest_of(KEY), digest_of(OTHER)):
        assert secret not in text


async def test_an_open_service_says_so_at_start_up(caplog: pytest.LogCaptureFixture) -> None:
    app = make_app()
    with caplog.at_level(logging.INFO):
        async with app.router.lifespan_context(app):
            pass
    assert any("the service is open" in r.getMessage() for r in caplog.records)


async def test_the_schema_declares_both_schemes_and_leaves_healthz_open(guarded: Any) -> None:
    async with client(guarded) as http:
        schema = (await http.get("/openapi.json", headers={"X-API-Key": KEY})).json()
    assert schema["components"]["securitySchemes"] == {
        "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        "bearer": {"type": "http", "scheme": "bearer", "description": "The same API key."},
    }
    assert schema["security"] == [{"apiKey": []}, {"bearer": []}]
    assert schema["paths"]["/healthz"]["get"]["security"] == []
    assert "401" in schema["paths"]["/v1/assessments"]["post"]["responses"]


async def test_an_open_service_declares_no_scheme() -> None:
    async with client() as http:
        schema = (await http.get("/openapi.json")).json()
    assert "securitySchemes" not in schema["components"] and "security" not in schema


def test_a_key_is_checked_against_its_digest_only(tmp_path: Path) -> None:
    ring = read_key_ring(keys_file(tmp_path, KEY))
    assert ring.match(KEY) == digest_of(KEY)
    assert ring.match(OTHER) is None and ring.match("") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# only a comment\n\n", "holds no key digest"),
        (f"{digest_of(KEY)}\nnot-a-digest-{KEY}\n", "line 2 of the API keys file"),
    ],
    ids=["empty", "bad-line"],
)
def test_a_bad_keys_file_is_refused_naming_the_line_never_its_text(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "keys.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingFileError, match=message) as refused:
        read_key_ring(path)
    assert KEY not in refused.value.message
    with pytest.raises(SettingFileError, match=message):
        make_app(keys_file=path)


def test_triage_keys_new_prints_a_key_and_the_line_that_lets_it_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["keys", "new"]) == 0
    key_line, _, digest_line = capsys.readouterr().out.splitlines()
    key = key_line.removeprefix("key: ")
    assert len(key) >= 43  # 32 random bytes, URL-safe base64
    path = tmp_path / "keys.txt"
    path.write_text(digest_line + "\n", encoding="utf-8")
    assert read_key_ring(path).match(key) == digest_of(key)
