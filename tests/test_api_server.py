"""A real server: `triage serve` starts uvicorn on a free loopback port and answers over HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.examples import RUNNER

START_TIMEOUT = 30.0
"""Seconds to wait for the server to answer its health check before the test fails."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "triage", "serve", "--port", str(port), "--log-level", "info"],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, process)
            yield base, log
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with status {process.returncode}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"the server did not answer within {START_TIMEOUT:g} s")


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
