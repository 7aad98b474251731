"""The screening pool survives its workers: a process that dies is replaced, its rows screened again
or reported failed in place, never dropped."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from benchmarks.intakes import distinct, full_intake, table_rows
from triage import Triage
from triage.errors import FieldProblem
from triage.screening.results import OutputFormat, Screened
from triage.screening.runner import FAILED_MESSAGE, Runner, chunks
from triage.screening.sources import DecodedRow, Decoder, Options, RawRow, Source, read_csv


def _source(rows: int) -> Source:
    header, *found = table_rows(distinct(full_intake, 50, seed=5))
    lines = [",".join(header)]
    lines += [",".join([f"R{n + 1}", *found[n % len(found)][1:]]) for n in range(rows)]
    return read_csv(io.BytesIO(("\n".join(lines) + "\n").encode()), Options())


@dataclass(frozen=True)
class Deadly:
    """A decoder whose worker process is killed by one row, as the kernel kills on no memory."""

    inner: Decoder
    row: int
    parent: int

    def decode(self, row: RawRow) -> DecodedRow:
        """Kill this process at the deadly row, unless this is the test's own process."""
        if row.number == self.row and os.getpid() != self.parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return self.inner.decode(row)

    def column(self, problem: FieldProblem) -> str:
        """As the inner decoder says."""
        return self.inner.column(problem)


def _ids(results: list[Screened]) -> list[str]:
    return [line.split(",", 1)[0] for screened in results for line in screened.text.splitlines()]


def _kill_one_when_started(runner: Runner) -> Iterator[None]:
    deadline = time.monotonic() + 30
    while not runner.pids():
        assert time.monotonic() < deadline, "no worker process started"
        time.sleep(0.01)
    os.kill(runner.pids()[0], signal.SIGKILL)
    yield


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_replaced_and_every_row_comes_back_in_order() -> None:
    source = _source(3_000)
    with Runner(Triage(), 2) as runner:
        results = []
        for n, screened in enumerate(
            runner.run(chunks(source.decoder, source.rows, OutputFormat.CSV), stop=lambda: False)
        ):
            results.append(screened)
            if n == 1:
                os.kill(runner.pids()[0], signal.SIGKILL)
        assert runner.restarts >= 1
    assert _ids(results) == [f"R{n + 1}" for n in range(3_000)]
    assert all(",error" not in s.text and FAILED_MESSAGE not in s.text for s in results)


@pytest.mark.slow
def test_a_row_that_kills_its_process_every_time_is_reported_failed_in_its_place() -> None:
    source = _source(500)
    deadly = Deadly(source.decoder, row=250, parent=os.getpid())
    with Runner(Triage(), 1, workers=True) as runner:
        results = list(
            runner.run(chunks(deadly, source.rows, OutputFormat.CSV, size=100), stop=lambda: False)
        )
        assert runner.restarts == 2
    assert _ids(results) == [f"R{n + 1}" for n in range(500)]
    failed = [s for s in results if FAILED_MESSAGE in s.text]
    assert len(failed) == 1
    assert failed[0].bad == failed[0].rows == 100  # the chunk of rows 201-300, each in its place
    assert sum(s.bad for s in results) == 100


@pytest.mark.slow
def test_the_async_stream_survives_a_killed_worker() -> None:
    source = _source(2_000)

    async def screen_all(runner: Runner) -> list[Screened]:
        results = []
        async for screened in runner.stream(
            chunks(source.decoder, source.rows, OutputFormat.JSONL)
        ):
            results.append(screened)
            if len(results) == 1:
                os.kill(runner.pids()[0], signal.SIGKILL)
        return results

    with Runner(Triage(), 1, workers=True) as runner:
        results = asyncio.run(screen_all(runner))
        assert runner.restarts == 1
    assert sum(s.rows for s in results) == 2_000
    assert sum(s.bad for s in results) == 0


@pytest.mark.slow
def test_the_pool_state_reports_an_idle_process_that_died_and_replaces_it() -> None:
    source = _source(10)
    with Runner(Triage(), 1, workers=True) as runner:
        assert runner.state().restarts == 0
        list(runner.run(chunks(source.decoder, source.rows, OutputFormat.CSV), lambda: False))
        assert runner.state().alive == 1
        os.kill(runner.pids()[0], signal.SIGKILL)
        deadline = time.monotonic() + 10
        while runner.state().restarts == 0:
            assert time.monotonic() < deadline, "the dead process was not noticed"
            time.sleep(0.05)
        state = runner.state()
        assert (state.restarts, state.broken) == (1, False)
        again = list(
            runner.run(chunks(source.decoder, _source(10).rows, OutputFormat.CSV), lambda: False)
        )
        assert sum(s.rows for s in again) == 10
