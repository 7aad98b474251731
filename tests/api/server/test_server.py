"""A real server: `triage serve` starts uvicorn on a free loopback port and answers over HTTP."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.examples import RUNNER
from api.keys import digest_of, new_key
from tests.api.support import serving


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with serving(tmp_path, "--log-level", "info") as served:
        yield served.base, served.log


@pytest.mark.slow
def test_triage_serve_answers_an_assessment_over_http_and_logs_no_body(
    server: tuple[str, Path],
) -> None:
    base, log = server
    response = httpx.post(f"{base}/v1/assessments", json=RUNNER, timeout=10)
    assert response.status_code == 200
    assert response.json()["likelihood"]["band"] == "high"
    assert response.headers["cache-control"] == "no-store"
    problem = httpx.post(f"{base}/v1/assessments", json={"answers": {"sit_bone_pian": "yes"}})
    assert problem.headers["content-type"] == "application/problem+json"
    time.sleep(0.2)
    written = log.read_text(encoding="utf-8")
    assert '"POST /v1/assessments HTTP/1.1" 200' in written
    assert "sit_bone" not in written
    assert "probability" not in written


def test_the_real_server_refuses_a_repeated_key_with_a_422_naming_it(
    server: tuple[str, Path],
) -> None:
    base, _ = server
    body = '{"answers": {"saddle_numbness": "yes", "saddle_numbness": "no"}}'
    response = httpx.post(
        f"{base}/v1/assessments",
        content=body,
        headers={"content-type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["path"], error["type"]) == ("answers.saddle_numbness", "duplicate_key")


def test_triage_serve_names_no_software_says_it_is_open_and_answers_head(
    server: tuple[str, Path],
) -> None:
    base, log = server
    got = httpx.get(f"{base}/v1/questions", timeout=10)
    head = httpx.head(f"{base}/v1/questions", timeout=10)
    missing = httpx.get(f"{base}/nowhere", timeout=10)
    for response in (got, head, missing):
        assert "server" not in response.headers
        assert response.headers["x-content-type-options"] == "nosniff"
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]
    assert "the service is open" in log.read_text(encoding="utf-8")


def test_triage_serve_reads_keys_rate_limit_and_origins_from_the_environment(
    tmp_path: Path,
) -> None:
    key = new_key()
    keys = tmp_path / "keys.txt"
    keys.write_text(digest_of(key) + "\n", encoding="utf-8")
    env = {
        "TRIAGE_API_KEYS_FILE": str(keys),
        "TRIAGE_API_RATE_LIMIT": "2/minute",
        "TRIAGE_API_CORS_ORIGINS": "https://chat.clinic.example",
    }
    with serving(tmp_path, env=env) as served:
        refused = httpx.get(f"{served.base}/v1/version", timeout=10)
        answers = [
            httpx.get(f"{served.base}/v1/version", headers={"X-API-Key": key}, timeout=10)
            for _ in range(3)
        ]
        preflight = httpx.options(
            f"{served.base}/v1/interview",
            headers={
                "Origin": "https://chat.clinic.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "x-api-key",
            },
            timeout=10,
        )
        time.sleep(0.2)
        written = served.log.read_text(encoding="utf-8")
    assert refused.status_code == 401
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[2].headers["retry-after"]) >= 1
    assert preflight.status_code == 200
    assert "API keys required on every route but /healthz (1 keys)" in written
    assert key not in written and digest_of(key) not in written
