"""Screening rows on every core: chunks of rows go to worker processes and come back in order.

Each worker process has the core's own pool of engines, so no engine is shared. At most a few chunks
per worker are in flight at once, so memory stays flat however long the input is, and the results
are taken back in the order the chunks were sent, so the output keeps the input's order. With one
job the rows are screened in this process, which spares the copying to and from a worker.

Stopping is cooperative: `stop()` is asked between chunks (and between rows in this process); once
it says yes no new chunk is sent, and the chunks already sent are finished and handed back, so that
every row screened is written.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from triage.assessment.pipeline import engine_pool
from triage.screening.results import OutputFormat, Screened, screen
from triage.screening.sources import Decoder, RawRow

CHUNK_ROWS = 200
"""Rows sent to a worker at a time: large enough that the hand-over costs little, small enough
that an interrupted run finishes its last chunks in a fraction of a second."""

IN_FLIGHT_PER_JOB = 3
"""Chunks sent ahead per worker, so that no worker waits while its last result is written."""


@dataclass(frozen=True, slots=True)
class Chunk:
    """Rows of one input, with the decoder that reads them and the output format to write."""

    decoder: Decoder
    rows: list[RawRow]
    output: OutputFormat


def screen_chunk(chunk: Chunk) -> Screened:
    """Screen every row of a chunk (in whichever process runs it)."""
    return Screened.of([screen(chunk.decoder, row, chunk.output) for row in chunk.rows])


def chunks(
    decoder: Decoder, rows: Iterable[RawRow], output: OutputFormat, size: int = CHUNK_ROWS
) -> Iterator[Chunk]:
    """An input's rows in chunks, read lazily."""
    batch: list[RawRow] = []
    try:
        for row in rows:
            batch.append(row)
            if len(batch) == size:
                yield Chunk(decoder, batch, output)
                batch = []
    except Exception:
        # An input that breaks off still has its rows before the break screened.
        if batch:
            yield Chunk(decoder, batch, output)
        raise
    if batch:
        yield Chunk(decoder, batch, output)


def default_jobs() -> int:
    """Every core this process may use."""
    counted = getattr(os, "process_cpu_count", os.cpu_count)()
    return max(1, counted or 1)


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent decides, workers finish their chunk.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    engine_pool().warm(1)


def _context() -> Any:
    # Forking is fastest and shares the parent's imported modules, but is safe only while this
    # process runs no other thread (a server does); then a fork server starts clean workers.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class Runner:
    """Screens chunks with `jobs` worker processes, keeping order.

    By default one job runs in this process; a server asks for `workers=True` so that even one
    job runs in a process of its own, away from its event loop. Worker processes start with the
    first chunk.
    """

    def __init__(self, jobs: int, *, workers: bool | None = None) -> None:
        self.jobs = max(1, jobs)
        self._executor: ProcessPoolExecutor | None = None
        if self.jobs > 1 if workers is None else workers:
            self._executor = ProcessPoolExecutor(
                self.jobs, mp_context=_context(), initializer=_start_worker
            )

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers, dropping chunks not yet started."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def run(self, work: Iterable[Chunk], stop: Callable[[], bool]) -> Iterator[Screened]:
        """Each chunk's outcomes in order; after `stop()` says yes, only those already sent."""
        if self._executor is None:
            yield from self._run_here(work, stop)
            return
        pending: deque[Future[Screened]] = deque()
        limit = self.jobs * IN_FLIGHT_PER_JOB
        failure: Exception | None = None
        try:
            for chunk in work:
                if stop():
                    break
                pending.append(self._executor.submit(screen_chunk, chunk))
                if len(pending) >= limit:
                    yield pending.popleft().result()
        except Exception as error:  # the input broke off: finish what was sent, then say so
            failure = error
        while pending:
            yield pending.popleft().result()
        if failure is not None:
            raise failure

    def _run_here(self, work: Iterable[Chunk], stop: Callable[[], bool]) -> Iterator[Screened]:
        for chunk in work:
            done = []
            for row in chunk.rows:
                if stop():
                    break
                done.append(screen(chunk.decoder, row, chunk.output))
            if done:
                yield Screened.of(done)
            if stop():
                return

    async def stream(self, work: Iterable[Chunk]) -> AsyncIterator[Screened]:
        """Each chunk's outcomes in order, awaited without blocking an event loop.

        The chunks are sent to the worker processes; if the consumer stops early (a client that
        went away), the chunks not yet started are cancelled.
        """
        if self._executor is None:
            raise RuntimeError("stream() needs worker processes (Runner(..., workers=True))")
        loop = asyncio.get_running_loop()
        pending: deque[asyncio.Future[Screened]] = deque()
        limit = self.jobs * IN_FLIGHT_PER_JOB
        failure: Exception | None = None
        try:
            try:
                for chunk in work:
                    submitted = self._executor.submit(screen_chunk, chunk)
                    pending.append(asyncio.wrap_future(submitted, loop=loop))
                    if len(pending) >= limit:
                        yield await pending.popleft()
            except Exception as error:  # the input broke off: finish what was sent, then say so
                failure = error
            while pending:
                yield await pending.popleft()
            if failure is not None:
                raise failure
        finally:
            for future in pending:
                future.cancel()
