"""Bounded before authentication, on a real `triage serve --workers 2` spoken to over raw sockets:
header size and count caps, the health checks answered while hostile connections wait, connections
spread across the workers, and a dropped upload logged as one INFO line."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.api.raw_http import connect, read_until_closed, status_of
from tests.api.support import Served, serving
from tests.processes import connections_held, descendants, listens, rss_mib

pytestmark = pytest.mark.slow

CAP = 40
"""The connection cap the tests' server runs with, small so that few sockets fill it."""

KEY = "test-key"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("protocol")
    keys = folder / "keys"
    keys.write_text(hashlib.sha256(KEY.encode()).hexdigest() + "\n")
    options = ["--workers", "2", "--limit-concurrency", str(CAP), "--body-timeout", "5"]
    env = {"TRIAGE_API_KEYS_FILE": str(keys), "TRIAGE_API_WARM_ENGINES": "0"}
    with serving(folder, *options, env=env) as running:
        deadline = time.monotonic() + 30
        while not _all_listening(running):  # the first worker up answers before the second
            assert time.monotonic() < deadline, "the workers did not all start listening"
            time.sleep(0.1)
        yield running


def _all_listening(server: Served) -> bool:
    pids = [pid for pid in descendants(server.process.pid) if _is_uvicorn_worker(pid)]
    return len(pids) == 2 and all(listens(pid, _port(server)) for pid in pids)


def _workers(server: Served) -> list[int]:
    found = [pid for pid in descendants(server.process.pid) if _is_uvicorn_worker(pid)]
    assert len(found) == 2, found
    return found


def _is_uvicorn_worker(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"multiprocessing.spawn" in command or b"spawn_main" in command


def _port(server: Served) -> int:
    port = urlsplit(server.base).port
    assert port is not None
    return port


def test_headers_over_the_size_cap_get_a_431_before_the_key_and_memory_stays_flat(
    server: Served,
) -> None:
    before = sum(rss_mib(pid) for pid in _workers(server))
    piece = b"X-Junk: " + b"a" * 65_536 + b"\r\n"

    def flood() -> int:
        with connect(server) as connection:
            connection.sendall(b"GET /v1/rules HTTP/1.1\r\nHost: test\r\n")
            try:
                for _ in range(200):  # up to 13 MB each, if the server kept reading
                    connection.sendall(piece)
            except OSError:
                pass  # closed by the server: what this test wants
            try:
                return status_of(read_until_closed(connection))
            except (OSError, IndexError):
                return 0

    statuses: list[int] = []
    threads = [threading.Thread(target=lambda: statuses.append(flood())) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    after = sum(rss_mib(pid) for pid in _workers(server))
    print(f"\nworkers' memory: {before:.0f} MiB before, {after:.0f} MiB after 10 floods")
    assert statuses.count(431) >= 8, statuses  # a reset may beat the answer on a few
    assert after - before < 50


def test_more_headers_than_the_cap_get_a_431_problem(server: Served) -> None:
    many = b"".join(b"X-H%d: v\r\n" % n for n in range(150))
    with connect(server) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n" + many + b"\r\n")
        received = read_until_closed(connection)
    assert status_of(received) == 431
    assert b"urn:pht-triage:problem:headers-too-large" in received


def test_a_request_that_is_not_http_gets_a_400_problem(server: Served) -> None:
    with connect(server) as connection:
        connection.sendall(b"NOT HTTP AT ALL\x00\r\n\r\n")
        received = read_until_closed(connection)
    assert status_of(received) == 400
    assert b"application/problem+json" in received


def test_the_health_checks_are_answered_while_hostile_connections_hold_every_slot(
    server: Served,
) -> None:
    with ExitStack() as stack:
        for _ in range(CAP * 3):
            held = stack.enter_context(connect(server))
            held.sendall(b"GET /v1/rules HTTP/1.1\r\nHost: te")  # and never the rest
        time.sleep(0.5)
        held_now = [connections_held(pid, _port(server)) for pid in _workers(server)]
        print(f"\nhostile connections per worker: {held_now}")
        started = time.monotonic()
        health = httpx.get(f"{server.base}/healthz", timeout=5)
        ready = httpx.get(f"{server.base}/readyz", timeout=5)
        waited = time.monotonic() - started
    assert min(held_now) >= CAP, "the hostile connections should fill every worker's slots"
    assert (health.status_code, ready.status_code) == (200, 200)
    assert waited < 2.0


def test_connections_are_spread_across_the_workers(server: Served) -> None:
    workers = _workers(server)
    with ExitStack() as stack:
        for _ in range(30):
            held = stack.enter_context(connect(server))
            held.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
            held.recv(1024)  # answered: the connection is now idle, kept alive, on one worker
        counts = [connections_held(pid, _port(server)) for pid in workers]
    print(f"\nconnections per worker: {counts}")
    assert sum(counts) == 30
    assert min(counts) >= 6, counts  # by a hash of the addresses: even on average, not exactly


def test_an_upload_the_client_drops_is_one_info_line(server: Served) -> None:
    with socket.create_connection(("127.0.0.1", _port(server)), timeout=5) as connection:
        connection.sendall(
            b"POST /v1/assessments HTTP/1.1\r\nHost: test\r\nX-API-Key: test-key\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n" + b"{" * 2_000
        )
        time.sleep(0.3)
    time.sleep(0.5)
    log = server.log.read_text()
    assert log.count("Client went away before its request body arrived") == 1
    assert "ERROR" not in log and "Traceback" not in log


def test_a_second_server_on_the_same_port_is_refused(server: Served) -> None:

    from tests.api.support import serving as _  # noqa: F401  (the same helper starts servers)

    command = [sys.executable, "-m", "triage", "serve", "--port", str(_port(server))]
    second = subprocess.run(
        [*command, "--workers", "2"], capture_output=True, text=True, timeout=60, check=False
    )
    assert second.returncode != 0
    assert "cannot listen on 127.0.0.1" in second.stderr
