"""A real server: `triage serve` starts uvicorn on a free loopback port and answers over HTTP."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.examples import RUNNER
from tests.api_support import serving


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with serving(tmp_path, "--log-level", "info") as served:
        yield served.base, served.log


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
