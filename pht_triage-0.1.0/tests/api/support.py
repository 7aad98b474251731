"""What the API tests share: a service built for tests, an httpx client that calls it in-process,
and a real `triage serve` on a free loopback port for the tests that need one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import FastAPI

from api.app import create_app
from api.settings import Settings

TEST_BODY_LIMIT = 256 * 1024
"""A smaller body limit than the default, so that the 413 tests send little."""


def make_app(**overrides: object) -> FastAPI:
    """The service with test settings: no engines warmed, a small body limit."""
    values: dict[str, object] = {"warm_engines": 0, "max_body_bytes": TEST_BODY_LIMIT}
    values.update(overrides)
    return create_app(Settings.model_validate(values))


APP = make_app()


@asynccontextmanager
async def client(app: FastAPI = APP) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client that calls the app in-process (no server, no lifespan)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


START_TIMEOUT = 30.0
"""Seconds to wait for a real server to answer its health check before the test fails."""


@dataclass(frozen=True)
class Served:
    """A running `triage serve`: its base URL, the file its output goes to, and its process."""

    base: str
    log: Path
    process: subprocess.Popen[bytes]


def free_port() -> int:
    """A loopback port that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(folder: Path, *options: str, env: Mapping[str, str] | None = None) -> Iterator[Served]:
    """Run `triage serve` on 127.0.0.1 (a free port) until the block ends, then stop it."""
    port = free_port()
    log = folder / f"server-{port}.log"
    environment = {**os.environ, **(env or {})}
    command = [sys.executable, "-m", "triage", "serve", "--port", str(port), *options]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=environment
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, process)
            yield Served(base, log, process)
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
            raise AssertionError(f"the server exited with status {process.returncode}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the server did not answer within {START_TIMEOUT:g} s")
