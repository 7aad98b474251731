"""Timeouts and bounded shutdown, on a real `triage serve` spoken to over raw sockets."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.examples import RUNNER
from tests.api.raw_http import connect, read_response, read_until_closed, status_of
from tests.api.support import Served, serving

pytestmark = pytest.mark.slow

TIMEOUT_S = 1.0
"""The short headers and body deadline the tests' server runs with."""

SLACK_S = 3.0
"""How much later than its deadline a timeout may act, on a loaded machine."""

HEADERS = b"POST /v1/assessments HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    options = ["--keep-alive", "1", "--limit-concurrency", "6", "--log-level", "warning"]
    env = {"TRIAGE_API_BODY_TIMEOUT_S": str(TIMEOUT_S)}
    with serving(tmp_path_factory.mktemp("timeouts"), *options, env=env) as running:
        yield running


def timed_close(server: Served, sent: bytes) -> tuple[bytes, float]:
    with connect(server) as connection:
        connection.sendall(sent)
        started = time.monotonic()
        received = read_until_closed(connection)
        return received, time.monotonic() - started


def test_a_connection_that_sends_nothing_gets_a_408_and_is_closed(server: Served) -> None:
    received, waited = timed_close(server, b"")
    assert status_of(received) == 408
    assert TIMEOUT_S * 0.8 < waited < TIMEOUT_S + SLACK_S


def test_headers_that_do_not_all_arrive_get_a_408_problem_and_a_close(server: Served) -> None:
    received, waited = timed_close(server, HEADERS)
    assert status_of(received) == 408
    assert b"application/problem+json" in received
    assert b"urn:pht-triage:problem:request-timeout" in received
    assert waited < TIMEOUT_S + SLACK_S


def test_a_body_that_does_not_all_arrive_gets_a_408_problem_and_a_close(server: Served) -> None:
    received, waited = timed_close(server, HEADERS + b'Content-Length: 100\r\n\r\n{"answers": ')
    assert status_of(received) == 408
    head, _, body = received.partition(b"\r\n\r\n")
    assert b"connection: close" in head.lower()
    assert json.loads(body)["type"] == "urn:pht-triage:problem:request-timeout"
    assert waited < TIMEOUT_S + SLACK_S


def test_a_body_sent_in_time_is_answered(server: Served) -> None:
    body = json.dumps(RUNNER).encode()
    with connect(server) as connection:
        connection.sendall(HEADERS + b"Content-Length: %d\r\n\r\n" % len(body))
        time.sleep(TIMEOUT_S / 4)
        connection.sendall(body)
        assert status_of(read_response(connection)) == 200


def test_an_idle_keep_alive_connection_is_closed(server: Served) -> None:
    with connect(server) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
        assert status_of(read_response(connection)) == 200
        started = time.monotonic()
        assert read_until_closed(connection) == b""
        assert time.monotonic() - started < 1 + SLACK_S


def test_connections_beyond_the_cap_get_a_503_problem_with_retry_after(server: Served) -> None:
    held = [connect(server) for _ in range(6)]
    try:
        time.sleep(0.2)
        with connect(server) as connection:
            connection.sendall(b"GET /v1/rules HTTP/1.1\r\nHost: test\r\n\r\n")
            received = read_until_closed(connection)  # the 503 closes its connection
    finally:
        for connection in held:
            connection.close()
    assert status_of(received) == 503
    head, _, body = received.partition(b"\r\n\r\n")
    headers = dict(line.lower().split(b": ", 1) for line in head.split(b"\r\n")[1:])
    assert headers[b"content-type"] == b"application/problem+json"
    assert headers[b"retry-after"] == b"1"
    assert headers[b"connection"] == b"close"
    assert headers[b"x-content-type-options"] == b"nosniff"
    found = json.loads(body)
    assert found["type"] == "urn:pht-triage:problem:service-unavailable"
    assert (found["status"], found["instance"]) == (503, "/v1/rules")
    time.sleep(0.2)
    with connect(server) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
        assert status_of(read_response(connection)) == 200


def test_after_sigterm_an_in_flight_request_is_finished(tmp_path: Path) -> None:
    body = json.dumps(RUNNER).encode()
    with serving(tmp_path, "--shutdown-timeout", "10") as server:
        with connect(server) as connection:
            connection.sendall(HEADERS + b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])
            time.sleep(0.3)
            server.process.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            connection.sendall(body[10:])
            assert status_of(read_until_closed(connection)) == 200
        # uvicorn raises the signal again once it has shut down, so it exits "killed by SIGTERM".
        assert server.process.wait(timeout=10) in (0, -signal.SIGTERM)


def test_after_sigterm_a_held_connection_is_closed_within_the_shutdown_timeout(
    tmp_path: Path,
) -> None:
    options = ["--shutdown-timeout", "2", "--body-timeout", "60"]
    with serving(tmp_path, *options) as server, connect(server) as connection:
        connection.sendall(HEADERS + b"Content-Length: 100\r\n\r\n{")
        time.sleep(0.3)
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=2 + SLACK_S + 5)
        assert time.monotonic() - started < 2 + SLACK_S
