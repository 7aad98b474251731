"""Screening rows on every core: chunks of rows go to worker processes and come back in order.

Each worker process has the core's own pool of engines, so no engine is shared. At most a few chunks
per worker are in flight at once, so memory stays flat however long the input is, and the results
are taken back in the order the chunks were sent, so the output keeps the input's order. With one
job the rows are screened in this process, which spares the copying to and from a worker.

A worker process that dies (the kernel ends it when memory runs out) is replaced, and the rows it
held are screened again or reported failed in place, never dropped (`triage.screening.pool`).

Stopping is cooperative: `stop()` is asked between chunks (and between rows in this process); once
it says yes no new chunk is sent, and the chunks already sent are finished and handed back, so that
every row screened is written.
"""

from __future__ import annotations

import asyncio
import os
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool

from triage.screening.pool import FAILED_MESSAGE, Chunk, Pool, PoolState, Sent, screen_chunk
from triage.screening.results import OutputFormat, Screened, Screens, screen
from triage.screening.sources import Decoder, RawRow

__all__ = [
    "FAILED_MESSAGE",
    "Chunk",
    "PoolState",
    "Runner",
    "chunks",
    "default_jobs",
    "screen_chunk",
]

CHUNK_ROWS = 200
"""Rows sent to a worker at a time: large enough that the hand-over costs little, small enough
that an interrupted run finishes its last chunks in a fraction of a second."""

IN_FLIGHT_PER_JOB = 3
"""Chunks sent ahead per worker, so that no worker waits while its last result is written."""


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


class Runner:
    """Screens chunks with `jobs` worker processes, keeping order, replacing a pool that broke.

    By default one job runs in this process; a server asks for `workers=True` so that even one
    job runs in a process of its own, away from its event loop, started clean from a fork server
    (a process forked from a server would hold copies of its connections). Worker processes start
    with the first chunk.
    """

    def __init__(self, core: Screens, jobs: int, *, workers: bool | None = None) -> None:
        self.core = core
        self.jobs = max(1, jobs)
        self._pool: Pool | None = None
        if workers:
            self._pool = Pool(core, self.jobs, fork=False)
        elif workers is None and self.jobs > 1:
            self._pool = Pool(core, self.jobs)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers, dropping chunks not yet started."""
        if self._pool is not None:
            self._pool.close()

    @property
    def restarts(self) -> int:
        """How many times the worker processes were replaced after one died."""
        return self._pool.restarts if self._pool is not None else 0

    def state(self) -> PoolState:
        """The worker processes' state, in counts (a pool found broken is replaced first)."""
        if self._pool is None:
            return PoolState(0, 0, 0, False)
        return self._pool.state()

    def pids(self) -> list[int]:
        """The ids of the worker processes running now (for tests and operators, never logged)."""
        return self._pool.pids() if self._pool is not None else []

    def run(self, work: Iterable[Chunk], stop: Callable[[], bool]) -> Iterator[Screened]:
        """Each chunk's outcomes in order; after `stop()` says yes, only those already sent."""
        pool = self._pool
        if pool is None:
            yield from self._run_here(work, stop)
            return
        pending: deque[Sent] = deque()
        limit = self.jobs * IN_FLIGHT_PER_JOB
        failure: Exception | None = None
        try:
            for chunk in work:
                if stop():
                    break
                pending.append(pool.send(chunk))
                if len(pending) >= limit:
                    yield _take(pool, pending)
        except Exception as error:  # the input broke off: finish what was sent, then say so
            failure = error
        while pending:
            yield _take(pool, pending)
        if failure is not None:
            raise failure

    def _run_here(self, work: Iterable[Chunk], stop: Callable[[], bool]) -> Iterator[Screened]:
        for chunk in work:
            done = []
            for row in chunk.rows:
                if stop():
                    break
                done.append(screen(chunk.decoder, row, chunk.output, self.core))
            if done:
                yield Screened.of(done)
            if stop():
                return

    async def stream(self, work: Iterable[Chunk]) -> AsyncIterator[Screened]:
        """Each chunk's outcomes in order, awaited without blocking an event loop.

        The chunks are sent to the worker processes; if the consumer stops early (a client that
        went away), the chunks not yet started are cancelled.
        """
        pool = self._pool
        if pool is None:
            raise RuntimeError("stream() needs worker processes (Runner(core, jobs, workers=True))")
        pending: deque[Sent] = deque()
        limit = self.jobs * IN_FLIGHT_PER_JOB
        failure: Exception | None = None
        try:
            try:
                for chunk in work:
                    pending.append(pool.send(chunk))
                    if len(pending) >= limit:
                        yield await _taken(pool, pending)
            except Exception as error:  # the input broke off: finish what was sent, then say so
                failure = error
            while pending:
                yield await _taken(pool, pending)
            if failure is not None:
                raise failure
        finally:
            for sent in pending:
                if sent.future is not None:
                    sent.future.cancel()


def _take(pool: Pool, pending: deque[Sent]) -> Screened:
    """The first pending chunk's result, waiting for it; after a process died, sent again."""
    while True:
        try:
            result = pool.first(pending).result()
        except BrokenProcessPool:
            pool.recover(pending)
            continue
        pending.popleft()
        return result


async def _taken(pool: Pool, pending: deque[Sent]) -> Screened:
    """As `_take`, awaited without blocking an event loop."""
    while True:
        try:
            result = await asyncio.wrap_future(pool.first(pending))
        except BrokenProcessPool:
            pool.recover(pending)
            continue
        pending.popleft()
        return result
