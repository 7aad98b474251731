"""Privacy: no query string in the access log, unknown query parameters refused, proxies named."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.examples import RUNNER
from tests.api.raw_http import log_text
from tests.api.support import Served, client, serving

NAME = "Jane%20Doe"
PROXY_CLIENT = "203.0.113.9"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serving(tmp_path_factory.mktemp("privacy"), "--log-level", "info") as running:
        yield running


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/v1/assessments"), ("POST", "/v1/interview"), ("GET", "/v1/questions")],
)
async def test_an_unknown_query_parameter_is_a_422_naming_it_without_its_value(
    method: str, path: str
) -> None:
    async with client() as http:
        response = await http.request(
            method, f"{path}?name={NAME}&saddle_numbness=yes", json=RUNNER
        )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert [(e["path"], e["type"]) for e in errors] == [
        ("query.name", "unknown_query_parameter"),
        ("query.saddle_numbness", "unknown_query_parameter"),
    ]
    assert "Jane" not in response.text
    assert all("yes" not in error["message"] for error in errors)


@pytest.mark.anyio
async def test_a_long_unknown_query_parameter_is_quoted_only_as_a_prefix() -> None:
    async with client() as http:
        response = await http.get("/healthz?" + "p" * 5000 + "=1")
    assert response.status_code == 422
    assert len(response.text) < 1000


@pytest.mark.slow
def test_the_access_log_shows_the_path_without_the_query_string(server: Served) -> None:
    httpx.get(f"{server.base}/healthz?name={NAME}&saddle_numbness=yes", timeout=10)
    httpx.post(f"{server.base}/v1/assessments?patient={NAME}", json=RUNNER, timeout=10)
    written = log_text(server)
    assert '"GET /healthz HTTP/1.1" 422' in written
    assert '"POST /v1/assessments HTTP/1.1" 422' in written
    assert "Jane" not in written
    assert "saddle_numbness" not in written


@pytest.mark.slow
def test_x_forwarded_for_is_ignored_unless_its_proxy_is_trusted(server: Served) -> None:
    httpx.get(f"{server.base}/v1/version", headers={"X-Forwarded-For": PROXY_CLIENT}, timeout=10)
    written = log_text(server)
    assert "127.0.0.1:" in written
    assert PROXY_CLIENT not in written


@pytest.mark.slow
def test_x_forwarded_for_from_a_trusted_proxy_names_the_client(tmp_path: Path) -> None:
    options = ["--trusted-proxies", "127.0.0.1", "--log-level", "info"]
    with serving(tmp_path, *options) as server:
        forwarded = {"X-Forwarded-For": PROXY_CLIENT}
        httpx.get(f"{server.base}/v1/version", headers=forwarded, timeout=10)
        assert f"{PROXY_CLIENT}:" in log_text(server)
