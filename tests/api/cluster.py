"""Two `triage serve` instances behind HAProxy, sharing one Redis for the rate limit: Debian's
binaries (`make services`), each started here on 127.0.0.1 and stopped at the end."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from benchmarks.httpload import stop
from tests.api.support import free_port

REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
UP_S = 30.0


def have_binaries() -> bool:
    """Whether Redis and HAProxy are installed (`make services`)."""
    return os.access(REDIS, os.X_OK) and os.access(HAPROXY, os.X_OK)


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + UP_S
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the process for {url} exited with {process.returncode}"
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {UP_S:g} s")


@dataclass
class Instance:
    """One `triage serve`, in a process group of its own so that it can be killed whole."""

    port: int
    workers: int
    env: Mapping[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start it and wait until it answers."""
        command = [sys.executable, "-m", "triage", "serve", "--port", str(self.port)]
        command += ["--workers", str(self.workers), "--shutdown-timeout", "5"]
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                command,
                stdout=output,
                stderr=subprocess.STDOUT,
                env={**os.environ, **self.env},
                start_new_session=True,
            )
        _wait(f"http://127.0.0.1:{self.port}/healthz", self.process)

    def kill(self) -> None:
        """kill -9 of every process of the instance, as a machine that dies."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self) -> None:
        """SIGTERM, as an orchestrator's rolling restart sends, and wait for it to exit."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        """Stop it, if it runs."""
        if self.process is not None:
            stop(self.process)


HAPROXY_CONFIG = """\
global
    maxconn 200
    log stdout format raw local0
defaults
    mode http
    log global
    option httplog
    option http-buffer-request
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    option http-server-close
    option redispatch
    retries 3
    retry-on conn-failure empty-response
    option forwardfor
frontend front
    bind 127.0.0.1:{front}
    default_backend triage
backend triage
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    default-server inter 300ms fall 1 rise 2
{servers}
"""


@dataclass
class Cluster:
    """Redis, two instances and HAProxy in front: `base` is the address clients call."""

    folder: Path
    rate_limit: str
    instances: list[Instance] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    base: str = ""

    def start(self) -> None:
        """Start Redis, the instances (one of two workers, one of one), then HAProxy."""
        redis_port = free_port()
        self._spawn(
            "redis",
            [REDIS, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
            ["--appendonly", "no", "--protected-mode", "yes"],
        )
        env = {
            "TRIAGE_API_RATE_LIMIT": self.rate_limit,
            "TRIAGE_API_RATE_LIMIT_STORAGE": f"redis://127.0.0.1:{redis_port}",
            "TRIAGE_API_TRUSTED_PROXIES": "127.0.0.1",
            "TRIAGE_API_WARM_ENGINES": "1",
        }
        time.sleep(0.3)
        for number, workers in enumerate((2, 1)):
            log = self.folder / f"instance-{number}.log"
            instance = Instance(free_port(), workers, env, log)
            self.instances.append(instance)
            instance.start()
        front = free_port()
        servers = "\n".join(
            f"    server i{n} 127.0.0.1:{i.port} check" for n, i in enumerate(self.instances)
        )
        config = self.folder / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(front=front, servers=servers))
        haproxy = self._spawn("haproxy", [HAPROXY, "-f", str(config), "-db"], [])
        self.base = f"http://127.0.0.1:{front}"
        _wait(f"{self.base}/healthz", haproxy)
        self.wait_all_up()

    def _spawn(self, name: str, command: list[str], more: list[str]) -> subprocess.Popen[bytes]:
        with (self.folder / f"{name}.log").open("ab") as output:
            process = subprocess.Popen(
                command + more, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.processes.append(process)
        return process

    def wait_all_up(self) -> None:
        """Wait until HAProxy's health checks see every instance up (two checks in a row)."""
        time.sleep(1.0)

    def stop(self) -> None:
        """Stop HAProxy, the instances and Redis."""
        for process in reversed(self.processes[1:]):
            stop(process)
        for instance in self.instances:
            instance.stop()
        stop(self.processes[0])


@contextmanager
def cluster(folder: Path, rate_limit: str) -> Iterator[Cluster]:
    """A running cluster until the block ends."""
    running = Cluster(folder, rate_limit)
    try:
        running.start()
        yield running
    finally:
        running.stop()


@dataclass
class Load:
    """A few clients calling through HAProxy until stopped, bounded in time and count."""

    base: str
    body: bytes
    clients: int = 4
    most: int = 3_000
    outcomes: Counter[str] = field(default_factory=Counter)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> Load:
        for number in range(self.clients):
            thread = threading.Thread(target=self._client, args=(number,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def _client(self, number: int) -> None:
        sent = 0
        with httpx.Client(base_url=self.base, timeout=10) as http:
            while not self._stop.is_set() and sum(self.outcomes.values()) < self.most:
                # A new caller each request, so that the load measures faults, not the rate limit.
                caller = f"172.{16 + number}.{sent // 250 % 250}.{sent % 250}"
                headers = {"content-type": "application/json", "x-forwarded-for": caller}
                sent += 1
                try:
                    answer = http.post("/v1/assessments", content=self.body, headers=headers)
                    status = str(answer.status_code)
                except httpx.TransportError as error:
                    status = type(error).__name__
                with self._lock:
                    self.outcomes[status] += 1

    @property
    def failed(self) -> int:
        """Requests that did not get a 200."""
        return sum(count for status, count in self.outcomes.items() if status != "200")
