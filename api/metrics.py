"""Prometheus metrics (`prometheus-client`), summed over every uvicorn worker: `GET /metrics`.

`triage serve` points `PROMETHEUS_MULTIPROC_DIR` at a fresh folder before the workers start, so
that each worker writes its counts there and a scrape of any worker reads them all. Without it
(tests, an app run in one process) the process's own registry is read.

Labels are routes as declared (`/cds-services/{service_id}`, never the id sent), methods, statuses
and triage levels: never an answer, an id, a key or a client address. `/metrics` sits behind the
API keys like every route but the health checks.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping

from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client import REGISTRY as PROCESS_REGISTRY
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from triage.screening import Runner

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "triage_http_requests_total", "HTTP requests answered.", ["route", "method", "status"]
)
LATENCY = Histogram(
    "triage_http_request_duration_seconds",
    "Time from a request's start to its answer's end.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
REFUSALS = Counter(
    "triage_rate_limit_refusals_total",
    "Requests refused with 429: over the rate limit, or too many bad API keys from an address.",
    ["limit"],
)
ASSESSMENTS = Counter(
    "triage_assessments_total", "Intakes assessed, by triage level.", ["level", "route"]
)
POOL_PROCESSES = Gauge(
    "triage_screening_processes",
    "Screening worker processes running, summed over the service's workers.",
    multiprocess_mode="livesum",
)
POOL_RESTARTS = Counter(
    "triage_screening_pool_restarts_total",
    "Times a screening pool whose process died was replaced.",
)

NOT_ROUTED = "(none)"
"""The route label of a request refused before routing (a 401, a 429) or of an unknown path."""


def assessed(levels: Mapping[str, int], route: str) -> None:
    """Count assessments by level."""
    for level, count in levels.items():
        if count:
            ASSESSMENTS.labels(level=level, route=route).inc(count)


_restarts_seen: dict[int, int] = {}


def observe_pool(runner: Runner | None) -> None:
    """Record a screening pool's running processes and new restarts."""
    if runner is None:
        return
    state = runner.state()
    POOL_PROCESSES.set(state.alive)
    seen = _restarts_seen.get(id(runner), 0)
    if state.restarts > seen:
        POOL_RESTARTS.inc(state.restarts - seen)
        _restarts_seen[id(runner)] = state.restarts


def exposition() -> bytes:
    """Every metric, in Prometheus's text format, over all workers when in multiprocess mode."""
    if os.environ.get(MULTIPROCESS_DIR):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(PROCESS_REGISTRY)


def process_exited() -> None:
    """Drop this worker's live gauges (its screening processes) from the sums."""
    if os.environ.get(MULTIPROCESS_DIR):
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


router = APIRouter(include_in_schema=False)


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    """The Prometheus exposition of every worker's metrics."""
    observe_pool(getattr(request.app.state, "screening_runner", None))
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)


class Metrics:
    """Count every HTTP request by route, method and status, and time it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def watched(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watched)
        finally:
            route = getattr(scope.get("route"), "path", NOT_ROUTED)
            labels = {"route": route, "method": scope["method"], "status": str(status)}
            REQUESTS.labels(**labels).inc()
            LATENCY.labels(**labels).observe(time.perf_counter() - started)
