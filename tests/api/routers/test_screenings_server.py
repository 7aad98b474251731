"""A real server: a single assessment is answered at once while a large screening streams."""

from __future__ import annotations

import csv
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.examples import RUNNER
from benchmarks.intakes import distinct, full_intake, table_rows
from tests.api.support import serving

ROWS = 2_000
"""About half a megabyte of full forms: seconds of screening, so there is time to measure."""

ASSESSMENTS = 5
"""Single assessments sent, one after another, while the screening streams."""

PROMPT_SECONDS = 1.0
"""Longest an assessment may take while the screening runs: one alone takes a few milliseconds,
so this is far above any normal answer yet far below the screening's own time."""


@pytest.fixture
def base(tmp_path: Path) -> Iterator[str]:
    with serving(tmp_path, "--log-level", "warning") as served:
        yield served.base


@pytest.mark.slow
def test_an_assessment_is_answered_promptly_while_a_large_screening_streams(base: str) -> None:
    buffer = io.StringIO()
    intakes = distinct(full_intake, 500, seed=41)
    header, *rows = table_rows(intakes)
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([f"S{n}", *rows[n % len(rows)][1:]] for n in range(ROWS))
    body = buffer.getvalue().encode()
    started = threading.Event()
    received: list[str] = []
    finished: list[float] = []

    def screening() -> None:
        with httpx.stream(
            "POST",
            f"{base}/v1/screenings",
            content=body,
            headers={"content-type": "text/csv"},
            timeout=120,
        ) as response:
            assert response.status_code == 200
            for line in response.iter_lines():
                received.append(line)
                if len(received) == 2:
                    started.set()
        finished.append(time.monotonic())

    with httpx.Client(base_url=base, timeout=30) as http:
        alone = _latencies(http)
        worker = threading.Thread(target=screening)
        worker.start()
        assert started.wait(timeout=60), "the screening did not start streaming"
        latencies = _latencies(http)
    answered = time.monotonic()
    rows_then = len(received) - 1
    worker.join(timeout=120)
    assert finished, "the screening did not finish"
    print(
        f"\nassessments alone: max {max(alone) * 1000:.0f} ms; "
        f"while screening: max {max(latencies) * 1000:.0f} ms; "
        f"screening at row {rows_then} of {ROWS} when they were done"
    )
    assert answered < finished[0], "the assessments should be answered before the screening ends"
    assert rows_then < ROWS
    assert max(latencies) < PROMPT_SECONDS
    assert len(received) == ROWS + 1


def _latencies(http: httpx.Client) -> list[float]:
    found = []
    for _ in range(ASSESSMENTS):
        sent = time.monotonic()
        answer = http.post("/v1/assessments", json=RUNNER)
        found.append(time.monotonic() - sent)
        assert answer.status_code == 200
    return found
