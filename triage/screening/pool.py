"""The screening worker processes: a process pool that is replaced when one of its processes dies.

A worker process that dies (the kernel ends it when memory runs out) breaks its
`ProcessPoolExecutor`: every chunk it held fails, and so does every later submission. `Pool` puts a
new executor in its place and counts the restart; the chunks the broken one held are sent again,
one at a time, and a chunk whose processes died `MAX_ATTEMPTS` times has each of its rows reported
as failed in its place, so no row is ever silently dropped.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from triage.screening.results import OutputFormat, Screened, Screens, failed, screen
from triage.screening.sources import Decoder, RawRow

if TYPE_CHECKING:
    from rules.rulebase import RuleBase
    from triage.settings import CoreSettings

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
    """Screen every row of a chunk, in a worker process (with the `Triage` it started with)."""
    core = _WORKER[0]
    return Screened.of([screen(chunk.decoder, row, chunk.output, core) for row in chunk.rows])


def failed_chunk(chunk: Chunk, message: str = FAILED_MESSAGE) -> Screened:
    """Every row of a chunk reported as failed in its place."""
    return Screened.of([failed(chunk.decoder, row, chunk.output, message) for row in chunk.rows])


@dataclass(frozen=True, slots=True)
class PoolState:
    """The screening processes as a health check reports them: counts only."""

    processes: int
    alive: int
    restarts: int
    broken: bool


@dataclass(frozen=True, slots=True)
class Sent:
    """A chunk sent to a pool: the executor, the future of its result and how often it was sent.

    A chunk to be sent again has no future until it is first in line, so that chunks sent again
    go one at a time and a row that kills its process takes no other chunk down with it twice.
    """

    chunk: Chunk
    executor: ProcessPoolExecutor | None
    future: Future[Screened] | None
    attempts: int


_WORKER: list[Screens] = []
"""In a worker process, the `Triage` it screens with, built from its parent's settings."""


def _start_worker(
    front_door: Callable[..., Screens], settings: CoreSettings, rule_base: type[RuleBase]
) -> None:
    # Ctrl-C reaches the whole process group: the parent decides, workers finish their chunk.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER[:] = [front_door(settings, rule_base=rule_base)]
    _WORKER[0].engines.warm(1)


def _context(fork: bool) -> Any:
    # Forking is fastest and shares the parent's imported modules, but is safe only while this
    # process runs no other thread, and never in a server: a forked worker would hold a copy of
    # every connection open at that moment, so that closing one (a timeout, a slow reader) would
    # not end it. Otherwise a fork server starts clean workers.
    methods = multiprocessing.get_all_start_methods()
    if fork and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class Pool:
    """`jobs` worker processes that screen chunks; replaced whole when one of them dies.

    Each worker builds a `Triage` of its own with the settings and rule base of `core`.
    """

    def __init__(self, core: Screens, jobs: int, *, fork: bool = True) -> None:
        self.core = core
        self.jobs = jobs
        self.fork = fork
        """Whether workers may be forked from this process (never from a server)."""
        self.restarts = 0
        """How many times a broken executor (a worker process that died) was replaced."""
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.jobs,
            mp_context=_context(self.fork),
            initializer=_start_worker,
            initargs=(type(self.core), self.core.settings, self.core.rule_base),
        )

    def close(self) -> None:
        """Stop the workers, dropping chunks not yet started."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def state(self) -> PoolState:
        """The pool's state; an executor found broken (a process died while idle) is replaced."""
        executor = self._executor
        if executor is not None and _is_broken(executor):
            self._replace(executor)
            executor = self._executor
        if executor is None:
            return PoolState(0, 0, self.restarts, False)
        return PoolState(self.jobs, len(self.pids()), self.restarts, _is_broken(executor))

    def pids(self) -> list[int]:
        """The ids of the worker processes running now (for tests and operators, never logged)."""
        processes = getattr(self._executor, "_processes", None) or {}
        return [pid for pid, process in list(processes.items()) if process.is_alive()]

    def _replace(self, broken: ProcessPoolExecutor | None) -> None:
        """Put a new executor in place of a broken one (once, however many callers saw it)."""
        with self._lock:
            if broken is None or self._executor is not broken:
                return
            self._executor = self._new_executor()
            self.restarts += 1
        broken.shutdown(wait=False, cancel_futures=True)

    def send(self, chunk: Chunk, attempts: int = 1) -> Sent:
        """Send a chunk, replacing a broken executor first; or, past the attempts, fail it."""
        if attempts > MAX_ATTEMPTS:
            done: Future[Screened] = Future()
            done.set_result(failed_chunk(chunk))
            return Sent(chunk, None, done, attempts)
        executor = self._executor
        if executor is None:
            raise RuntimeError("the screening pool is closed")
        try:
            return Sent(chunk, executor, executor.submit(screen_chunk, chunk), attempts)
        except BrokenProcessPool:
            self._replace(executor)
            return self.send(chunk, attempts)

    def recover(self, pending: deque[Sent]) -> None:
        """The executor of the first pending chunk broke: replace it; its chunks go again."""
        broken = pending[0].executor
        self._replace(broken)
        for index, sent in enumerate(pending):
            if sent.executor is broken and not _succeeded(sent.future):
                pending[index] = Sent(sent.chunk, None, None, sent.attempts + 1)

    def first(self, pending: deque[Sent]) -> Future[Screened]:
        """The future of the first pending chunk, sending it now if it is to be sent again."""
        head = pending[0]
        if head.future is None:
            head = pending[0] = self.send(head.chunk, head.attempts)
        assert head.future is not None
        return head.future


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
