"""In-process benchmarks: `assess` and an interview step, on reused engines and on new ones.

Each case calls one function on distinct pre-generated intakes, timing every call, after a few
warm-up calls on other intakes. The naive pattern builds a new engine for every assessment (what
`assess` would cost without the pool); it runs in the same process, on the same kind of intakes,
so that the ratio between the two does not depend on the machine.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any
from unittest import mock

from benchmarks.intakes import IntakeData, distinct, full_intake, interview_intake, sparse_intake
from triage import assess, default, next_step
from triage.engine import EnginePool


@dataclass(frozen=True, slots=True)
class Sizes:
    """How many timed calls each kind of case makes (and how many warm-up calls before)."""

    reused: int
    naive: int
    warm_up: int


FULL = Sizes(reused=3000, naive=60, warm_up=200)
QUICK = Sizes(reused=400, naive=12, warm_up=50)


@dataclass(frozen=True, slots=True)
class Latency:
    """Timings of one case: milliseconds per call and calls per second on one core."""

    name: str
    calls: int
    p50_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    per_second: float

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the JSON report."""
        return asdict(self)


def measure(name: str, call: Callable[[IntakeData], object], intakes: list[IntakeData]) -> Latency:
    """Time `call` once on each intake."""
    timings: list[float] = []
    clock = time.perf_counter
    started = clock()
    for intake in intakes:
        before = clock()
        call(intake)
        timings.append(clock() - before)
    elapsed = clock() - started
    ordered = sorted(timings)
    return Latency(
        name=name,
        calls=len(timings),
        p50_ms=statistics.median(ordered) * 1e3,
        p99_ms=ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1e3,
        mean_ms=statistics.fmean(ordered) * 1e3,
        max_ms=ordered[-1] * 1e3,
        per_second=len(timings) / elapsed,
    )


@contextmanager
def new_engine_every_time() -> Iterator[None]:
    """Run the core with a pool that builds a new engine for every assessment (the naive way)."""
    # The default `Triage` owns the pool the library's `assess` and `next_step` borrow from.
    with mock.patch.object(default(), "engines", EnginePool(reuse=False)):
        yield


@dataclass(frozen=True, slots=True)
class Comparison:
    """A reused-engine case, its naive counterpart and how many times faster the first is."""

    reused: Latency
    naive: Latency

    @property
    def speed_up(self) -> float:
        """Naive mean time over reused mean time."""
        return self.naive.mean_ms / self.reused.mean_ms


def _interview(intake: IntakeData) -> object:
    return next_step(intake)


CASES: tuple[tuple[str, Callable[[IntakeData], object], Callable[..., IntakeData]], ...] = (
    ("assess, full intake", assess, full_intake),
    ("assess, sparse intake", assess, sparse_intake),
    ("interview step", _interview, interview_intake),
)
"""Each case: its name, the call, and the generator of its intakes."""


def run(sizes: Sizes, seed: int = 2026) -> list[Comparison]:
    """Every case on reused engines, then the same case the naive way on other intakes."""
    default().engines.warm()
    results = []
    for offset, (name, call, make) in enumerate(CASES):
        count = sizes.warm_up + sizes.reused + sizes.naive + 2
        intakes = distinct(make, count, seed + offset)
        warm, timed, naive = (
            intakes[: sizes.warm_up],
            intakes[sizes.warm_up : sizes.warm_up + sizes.reused],
            intakes[sizes.warm_up + sizes.reused :],
        )
        for intake in warm:
            call(intake)
        reused = measure(name, call, timed)
        with new_engine_every_time():
            call(naive[0])  # first call of the naive pattern: imports and caches, untimed
            slow = measure(f"{name}, new engine each", call, naive[1:])
        results.append(Comparison(reused, slow))
    return results
