"""HTTP benchmarks: the service under uvicorn with 1 and 2 workers, loaded by wrk on 127.0.0.1.

For each worker count the ceiling app (`benchmarks.ceiling`) and then the service are started with
the same uvicorn settings, warmed up, and loaded for a bounded time at each connection count with
distinct realistic intakes (one JSON body per request, cycled only after every body was sent), so
that no cache could answer. wrk runs in a second process with one thread; `benchmarks/setup.sh`
installs it when it is missing. Every server is stopped at the end of its cells, whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.intakes import distinct, full_intake, interview_intake
from benchmarks.memory import rss_mib

HERE = Path(__file__).parent
SERVICE = "api.app:create_app"
CEILING = "benchmarks.ceiling:create_app"
WORKERS = (1, 2)
CONNECTIONS = (16, 64)
BODIES = 30_000
"""Distinct intakes per endpoint: more than any cell sends, so none is sent twice in a cell."""
WARM_UP_SECONDS = 3
SOAK = 100_000
"""Assessments a server does after its warm-up before its workers' memory is read."""
SOAK_LIMIT_SECONDS = 300
UVICORN_OPTIONS = ("--loop", "uvloop", "--http", "httptools", "--log-level", "warning")
"""The same for every server: uvloop and httptools, and no access log."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A route to load, the app that serves it and the file of bodies to send."""

    name: str
    app: str
    path: str
    bodies: Path


def ensure_wrk() -> str:
    """The path of wrk, running the set-up script first when it is not installed."""
    if shutil.which("wrk") is None:
        subprocess.run(["bash", str(HERE / "setup.sh")], check=True)
    found = shutil.which("wrk")
    if found is None:  # pragma: no cover
        raise RuntimeError("wrk is not installed and benchmarks/setup.sh could not install it")
    return found


def write_bodies(folder: Path) -> dict[str, Path]:
    """Distinct full intakes (for assessments) and mid-interview intakes, one JSON per line."""
    files = {}
    for name, make, seed in (("full", full_intake, 101), ("interview", interview_intake, 102)):
        path = folder / f"{name}.jsonl"
        lines = (
            json.dumps(intake, separators=(",", ":")) for intake in distinct(make, BODIES, seed)
        )
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files[name] = path
    return files


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True, slots=True)
class Server:
    """A running uvicorn: its address, its process and its worker processes."""

    url: str
    process: subprocess.Popen[bytes]
    workers: tuple[int, ...]
    command: tuple[str, ...]


@contextmanager
def serve(
    app: str,
    workers: int,
    checkout: Path | None = None,
    under: tuple[str, ...] = (),
    ready_within: float = 60,
) -> Iterator[Server]:
    """Start uvicorn with `workers` workers on a free port; always stop it on leaving.

    By default the app is this checkout's, run by this Python; `checkout` names another checkout
    of the project, served from its own folder by its own `.venv`. `under` is a command that runs
    the server (valgrind, say), which then may need more than a minute to be ready.
    """
    port = free_port()
    python = sys.executable if checkout is None else str(checkout / ".venv" / "bin" / "python")
    command = (
        *under,
        python,
        "-m",
        "uvicorn",
        app,
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        *UVICORN_OPTIONS,
    )
    process = subprocess.Popen(command, cwd=checkout, start_new_session=True)
    try:
        pids = wait_until_ready(process, port, workers, ready_within)
        yield Server(f"http://127.0.0.1:{port}", process, pids, command)
    finally:
        stop(process)


def _workers(pid: int) -> tuple[int, ...]:
    """The worker processes of a uvicorn supervisor (not multiprocessing's resource tracker)."""
    found = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text(encoding="ascii").split():
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes()
            except FileNotFoundError:
                continue
            if b"spawn_main" in command:
                found.append(int(child))
    return tuple(sorted(found))


def wait_until_ready(
    process: subprocess.Popen[bytes], port: int, workers: int, within: float = 60
) -> tuple[int, ...]:
    """Wait (up to `within` seconds) until the server answers with all its workers; their ids."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        pids = (process.pid,) if workers == 1 else _workers(process.pid)
        if len(pids) == workers and _answers(port):
            time.sleep(1.0)  # let every worker finish its start-up (engines are built there)
            return pids
        time.sleep(0.2)
    raise RuntimeError(f"the server did not start within {within:.0f} s")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            return connection.recv(12).startswith(b"HTTP/1.1")
    except OSError:
        return False


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server and its workers: SIGTERM to its process group, SIGKILL after 15 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def load(wrk: str, url: str, endpoint: Endpoint, connections: int, seconds: int) -> dict[str, Any]:
    """One bounded wrk run; its figures."""
    done = subprocess.run(
        [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(HERE / "cycle.lua"),
            url,
        ],
        env={
            **os.environ,
            "BODIES_FILE": str(endpoint.bodies),
            "BODIES_PATH": endpoint.path,
            "WRK_THREADS": "1",
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    figures = json.loads(line.removeprefix("RESULT "))
    errors = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "requests": figures["requests"],
        "requests_per_second": figures["requests"] / (figures["duration_us"] / 1e6),
        "p50_ms": figures["p50_us"] / 1e3,
        "p99_ms": figures["p99_us"] / 1e3,
        "max_ms": figures["max_us"] / 1e3,
        "errors": errors,
        "error_kinds": {k: figures[k] for k in ("connect", "read", "write", "status", "timeout")},
    }


def run(duration: int = 10, soak: int = SOAK) -> dict[str, Any]:
    """Every cell: the ceiling and each endpoint, with 1 and 2 workers, at 16 and 64 connections.

    Each ceiling cell runs twice and keeps the faster run, so that a passing dip in the machine's
    speed cannot make the service look closer to its ceiling than it is.

    With the most workers, `/v1/assessments` is then loaded until the server has assessed about
    `soak` intakes since its warm-up (each interview step assesses one too), and the resident size
    of each worker is read again.
    """
    wrk = ensure_wrk()
    cells: list[dict[str, Any]] = []
    memory: list[dict[str, Any]] = []
    commands: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="triage-bench-") as folder:
        files = write_bodies(Path(folder))
        ceiling = Endpoint("ceiling", CEILING, "/ceiling", files["full"])
        endpoints = (
            Endpoint("/v1/assessments", SERVICE, "/v1/assessments", files["full"]),
            Endpoint("/v1/interview", SERVICE, "/v1/interview", files["interview"]),
        )
        for workers in WORKERS:
            for group in ((ceiling,), endpoints):
                with serve(group[0].app, workers) as server:
                    commands[group[0].app] = [*server.command[: -len(UVICORN_OPTIONS) - 2], "..."]
                    for endpoint in group:
                        load(wrk, server.url, endpoint, max(CONNECTIONS), WARM_UP_SECONDS)
                    warm = [rss_mib(pid) for pid in server.workers]
                    for endpoint in group:
                        for connections in CONNECTIONS:
                            figures = load(wrk, server.url, endpoint, connections, duration)
                            if endpoint is ceiling:
                                # A dip in the ceiling would flatter the ratios: keep the best.
                                again = load(wrk, server.url, endpoint, connections, duration)
                                slower = min(figures, again, key=_rate)
                                figures = max(figures, again, key=_rate)
                                figures["other_run_requests_per_second"] = _rate(slower)
                            cells.append(
                                {
                                    "endpoint": endpoint.name,
                                    "workers": workers,
                                    "connections": connections,
                                    "seconds": duration,
                                    **figures,
                                }
                            )
                    if group is endpoints:
                        after_cells = [rss_mib(pid) for pid in server.workers]
                        served = sum(
                            c["requests"]
                            for c in cells
                            if c["workers"] == workers and c["endpoint"] != "ceiling"
                        )
                        checkpoints = [{"assessments": served, "rss_mib": after_cells}]
                        if workers == max(WORKERS) and soak > served:
                            checkpoints += _soak(wrk, server, endpoints[0], served, soak, cells)
                        memory.append(
                            {
                                "workers": workers,
                                "after_warm_up_mib": warm,
                                "checkpoints": checkpoints,
                                "after_load_mib": checkpoints[-1]["rss_mib"],
                                "assessments_after_warm_up": checkpoints[-1]["assessments"],
                            }
                        )
    _add_ratios(cells)
    return {
        "tool": "wrk 1 thread, --timeout 5s, cycle.lua",
        "uvicorn_options": list(UVICORN_OPTIONS),
        "distinct_bodies_per_endpoint": BODIES,
        "cells": cells,
        "workers_rss": memory,
    }


def _soak(
    wrk: str, server: Server, endpoint: Endpoint, served: int, wanted: int, cells: list[Any]
) -> list[dict[str, Any]]:
    """Load one endpoint until `wanted` assessments are done, reading RSS after each quarter.

    The first quarters may still grow the engine pool (one engine per request in flight); a leak
    would show as growth between the later checkpoints.
    """
    rate = max(c["requests_per_second"] for c in cells if c["endpoint"] == endpoint.name)
    step = max(1, (wanted - served) // 4)
    checkpoints: list[dict[str, Any]] = []
    deadline = time.monotonic() + SOAK_LIMIT_SECONDS
    target = served
    while served < wanted and time.monotonic() < deadline:
        target = min(wanted, target + step)
        while served < target and time.monotonic() < deadline:
            seconds = max(1, min(SOAK_LIMIT_SECONDS, round((target - served) / rate)))
            figures = load(wrk, server.url, endpoint, max(CONNECTIONS), seconds)
            if figures["errors"]:
                raise RuntimeError(f"errors during the memory soak: {figures['error_kinds']}")
            served += figures["requests"]
            rate = figures["requests_per_second"]
        checkpoints.append(
            {"assessments": served, "rss_mib": [rss_mib(pid) for pid in server.workers]}
        )
    return checkpoints


def _rate(figures: dict[str, Any]) -> float:
    rate: float = figures["requests_per_second"]
    return rate


def _add_ratios(cells: list[dict[str, Any]]) -> None:
    ceilings = {
        (c["workers"], c["connections"]): c["requests_per_second"]
        for c in cells
        if c["endpoint"] == "ceiling"
    }
    for cell in cells:
        if cell["endpoint"] != "ceiling":
            ceiling = ceilings[(cell["workers"], cell["connections"])]
            cell["ratio_to_ceiling"] = cell["requests_per_second"] / ceiling
