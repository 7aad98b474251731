"""The engines by name, and the pool that lends each run an engine of its own."""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rules.rulebase import RuleBase
from triage.engine.compiled import CompiledEngine
from triage.engine.recording import ExpertaEngine, RecordingEngine

ENGINES: dict[str, type[RecordingEngine]] = {
    engine.name: engine for engine in (CompiledEngine, ExpertaEngine)
}
"""The engines by name; `TRIAGE_ENGINE` chooses one."""


def engine_class_for(engine_class: type[RecordingEngine], rule_base: type) -> type[RecordingEngine]:
    """An engine class running another rule base (a subclass of `RuleBase`, e.g. in a test).

    Each call makes a new class: callers keep the one they make (`triage.assess` keeps a pool
    per rule base).
    """
    if rule_base is RuleBase:
        return engine_class
    name = f"{rule_base.__name__}{engine_class.__name__}"
    return type(name, (engine_class, rule_base), {})


class EnginePool:
    """Engines for reuse; each run borrows one for itself and returns it when done.

    `build` makes a new engine (an engine class, or a function choosing one). At most `max_idle`
    engines are kept idle: when more runs than that were under way at once, the engines they
    built beyond it are dropped as they finish, so the pool never grows past it. With
    `reuse=False` every run gets a new engine: the naive pattern, for benchmarks.
    """

    def __init__(
        self,
        build: Callable[[], RecordingEngine] = CompiledEngine,
        *,
        reuse: bool = True,
        max_idle: int = 8,
    ) -> None:
        self._idle: queue.SimpleQueue[RecordingEngine] = queue.SimpleQueue()
        self._build = build
        self._reuse = reuse
        self.max_idle = max_idle
        self.built = 0

    @contextmanager
    def engine(self) -> Iterator[RecordingEngine]:
        """Borrow an idle engine, building one when none is idle."""
        try:
            engine = self._idle.get_nowait()
        except queue.Empty:
            engine = self._build()
            self.built += 1
        try:
            yield engine
        finally:
            if self._reuse and self._idle.qsize() < self.max_idle:
                self._idle.put(engine)

    @property
    def idle(self) -> int:
        """How many built engines wait idle now."""
        return self._idle.qsize()

    def warm(self, count: int = 1) -> None:
        """Build engines ahead of the first requests (at most `max_idle` are kept)."""
        for _ in range(min(count, self.max_idle - self._idle.qsize())):
            self.built += 1
            self._idle.put(self._build())
