"""Screening rows on every core: chunks of rows go to worker processes and come back in order.

Each worker process has the core's own pool of engines, so no engine is shared. At most a few chunks
per worker are in flight at once, so memory stays flat however long the input is, and the results
are taken back in the order the chunks were sent, so the output keeps the input's order. With one
job the rows are screened in this process, which spares the copying to and from a worker.

A worker process that dies (the kernel ends it when memory runs out) breaks its pool: the pool is
replaced, and the chunks it held are sent again; a chunk whose processes died `MAX_ATTEMPTS` times
has each of its rows reported as failed in its place, so no row is ever silently dropped.

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
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from triage.assessment.pipeline import engine_pool
from triage.screening.results import OutputFormat, Screened, failed, screen
from triage.screening.sources import Decoder, RawRow

CHUNK_ROWS = 200
"""Rows sent to a worker at a time: large enough that the hand-over costs little, small enough
that an interrupted run finishes its last chunks in a fraction of a second."""

IN_FLIGHT_PER_JOB = 3
"""Chunks sent ahead per worker, so that no worker waits while its last result is written."""

MAX_ATTEMPTS = 2
"""Times a chunk is sent to a worker process before its rows are reported failed in place: a
chunk held by a process that died is sent once more, to a new one."""

FAILED_MESSAGE = "the screening process died twice while screening this row; send it again"


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


@dataclass(frozen=True, slots=True)
class PoolState:
    """The screening processes as a health check reports them: counts only."""

    processes: int
    alive: int
    restarts: int
    broken: bool


@dataclass(frozen=True, slots=True)
class _Sent:
    """A chunk sent to a pool: the pool, the future of its result and how often it was sent.

    A chunk to be sent again has no future until it is first in line, so that chunks sent again
    go one at a time and a row that kills its process takes no other chunk down with it twice.
    """

    chunk: Chunk
    pool: ProcessPoolExecutor | None
    future: Future[Screened] | None
    attempts: int


def failed_chunk(chunk: Chunk, message: str = FAILED_MESSAGE) -> Screened:
    """Every row of a chunk reported as failed in its place."""
    return Screened.of([failed(chunk.decoder, row, chunk.output, message) for row in chunk.rows])


class Runner:
    """Screens chunks with `jobs` worker processes, keeping order, replacing a pool that broke.

    By default one job runs in this process; a server asks for `workers=True` so that even one
    job runs in a process of its own, away from its event loop. Worker processes start with the
    first chunk.
    """

    def __init__(self, jobs: int, *, workers: bool | None = None) -> None:
        self.jobs = max(1, jobs)
        self.restarts = 0
        """How many times a broken pool (a worker process that died) was replaced."""
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        if self.jobs > 1 if workers is None else workers:
            self._executor = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=_context(), initializer=_start_worker)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers, dropping chunks not yet started."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def state(self) -> PoolState:
        """The pool's state; a pool found broken (a process died while idle) is replaced first."""
        executor = self._executor
        if executor is not None and _is_broken(executor):
            self._replace(executor)
            executor = self._executor
        if executor is None:
            return PoolState(0, 0, self.restarts, False)
        processes = getattr(executor, "_processes", None) or {}
        alive = sum(1 for process in list(processes.values()) if process.is_alive())
        return PoolState(self.jobs, alive, self.restarts, _is_broken(executor))

    def pids(self) -> list[int]:
        """The ids of the worker processes running now (for tests and operators, never logged)."""
        executor = self._executor
        processes = getattr(executor, "_processes", None) or {}
        return [pid for pid, process in list(processes.items()) if process.is_alive()]

    def _replace(self, broken: ProcessPoolExecutor | None) -> None:
        """Put a new pool in place of a broken one (once, however many callers saw it break)."""
        with self._lock:
            if broken is None or self._executor is not broken:
                return
            self._executor = self._new_pool()
            self.restarts += 1
        broken.shutdown(wait=False, cancel_futures=True)

    def _send(self, chunk: Chunk, attempts: int = 1) -> _Sent:
        """Send a chunk to the pool, replacing the pool if it is broken; or fail it in place."""
        if attempts > MAX_ATTEMPTS:
            done: Future[Screened] = Future()
            done.set_result(failed_chunk(chunk))
            return _Sent(chunk, None, done, attempts)
        executor = self._executor
        if executor is None:
            raise RuntimeError("the runner is closed")
        try:
            return _Sent(chunk, executor, executor.submit(screen_chunk, chunk), attempts)
        except BrokenProcessPool:
            self._replace(executor)
            return self._send(chunk, attempts)

    def _recover(self, pending: deque[_Sent]) -> None:
        """The pool of the first pending chunk broke: replace it; its chunks are to be sent again."""
        broken = pending[0].pool
        self._replace(broken)
        for index, sent in enumerate(pending):
            if sent.pool is broken and not _succeeded(sent.future):
                pending[index] = _Sent(sent.chunk, None, None, sent.attempts + 1)

    def _first(self, pending: deque[_Sent]) -> Future[Screened]:
        """The future of the first pending chunk, sending it now if it is to be sent again."""
        first = pending[0]
        if first.future is None:
            first = pending[0] = self._send(first.chunk, first.attempts)
        assert first.future is not None
        return first.future

    def run(self, work: Iterable[Chunk], stop: Callable[[], bool]) -> Iterator[Screened]:
        """Each chunk's outcomes in order; after `stop()` says yes, only those already sent."""
        if self._executor is None:
            yield from self._run_here(work, stop)
            return
        pending: deque[_Sent] = deque()
        limit = self.jobs * IN_FLIGHT_PER_JOB
        failure: Exception | None = None
        try:
            for chunk in work:
                if stop():
                    break
                pending.append(self._send(chunk))
                if len(pending) >= limit:
                    yield self._take(pending)
        except Exception as error:  # the input broke off: finish what was sent, then say so
            failure = error
        while pending:
            yield self._take(pending)
        if failure is not None:
            raise failure

    def _take(self, pending: deque[_Sent]) -> Screened:
        while True:
            try:
                result = self._first(pending).result()
            except BrokenProcessPool:
                self._recover(pending)
                continue
            pending.popleft()
            return result

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
        pending: deque[_Sent] = deque()
        limit = self.jobs * IN_FLIGHT_PER_JOB
        failure: Exception | None = None
        try:
            try:
                for chunk in work:
                    pending.append(self._send(chunk))
                    if len(pending) >= limit:
                        yield await self._taken(pending)
            except Exception as error:  # the input broke off: finish what was sent, then say so
                failure = error
            while pending:
                yield await self._taken(pending)
            if failure is not None:
                raise failure
        finally:
            for sent in pending:
                if sent.future is not None:
                    sent.future.cancel()

    async def _taken(self, pending: deque[_Sent]) -> Screened:
        while True:
            try:
                result = await asyncio.wrap_future(self._first(pending))
            except BrokenProcessPool:
                self._recover(pending)
                continue
            pending.popleft()
            return result


def _is_broken(executor: ProcessPoolExecutor) -> bool:
    # The standard library marks a pool whose process died; it has no public way to ask.
    return bool(getattr(executor, "_broken", False))


def _succeeded(future: Future[Screened] | None) -> bool:
    return (
        future is not None
        and future.done()
        and not future.cancelled()
        and future.exception() is None
    )
