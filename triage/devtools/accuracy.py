"""Diagnostic accuracy and calibration on validation cases: top-k, Brier interval, calibration.

- **top-k**: the final diagnosis is among the first k conditions of the assessment's ranked
  `conditions`. Cases whose final diagnosis is `other` (not a condition the rule base knows) can
  never be named, so they are counted apart rather than as misses.
- **Brier interval**: a percentile bootstrap (resampling the cases with replacement) with a fixed
  seed, so the same cases give the same interval on every run.
- **calibration-in-the-large** and **calibration slope** (Cox 1958; Steyerberg, Clinical
  Prediction Models): a logistic recalibration of the outcome on the logit of the probability.
  The intercept with the slope held at 1 is calibration-in-the-large (0 is ideal; below 0 the
  probabilities are too high on average); the slope of the two-parameter fit is the calibration
  slope (1 is ideal; below 1 the probabilities are too extreme, above 1 too timid).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

TOP_K = (1, 3)
"""The ranks reported: first, and among the first three (Gilbert 2020 and Hill 2020 report top 3)."""

ENOUGH_CASES = 5
"""Below this many cases of a condition, its own top-k figures say little; the report lists them."""

BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 24
INTERVAL = 0.95

_EDGE = 1e-6
"""Probabilities are kept this far from 0 and 1 before taking their logit."""


@dataclass(frozen=True, slots=True)
class Named:
    """One case's final diagnosis and the conditions the assessment named, best first."""

    id: str
    condition: str
    named: tuple[str, ...]

    @property
    def rank(self) -> int | None:
        """Where the final diagnosis is in the ranked list (1 is first), or None if absent."""
        return self.named.index(self.condition) + 1 if self.condition in self.named else None


def diagnosis_accuracy(
    cases: Sequence[Named], other: str, conditions: Iterable[str] = ()
) -> dict[str, Any]:
    """Top-1 and top-3 overall and by condition, and every case not named first.

    `conditions` are the conditions the rule base knows: each gets a row, with no cases if none
    has it as its final diagnosis, and those with fewer than `ENOUGH_CASES` are listed apart.
    """
    known = [case for case in cases if case.condition != other]

    def shares(group: Sequence[Named]) -> dict[str, Any]:
        found: dict[str, Any] = {"n": len(group)}
        for k in TOP_K:
            hits = sum(1 for case in group if case.rank is not None and case.rank <= k)
            found[f"top{k}"] = hits
            found[f"top{k}_share"] = hits / len(group) if group else None
        return found

    by_condition = {
        name: shares([case for case in known if case.condition == name])
        for name in sorted({case.condition for case in known} | set(conditions))
    }
    misses = [
        {"id": case.id, "condition": case.condition, "rank": case.rank, "named": case.named[:3]}
        for case in known
        if case.rank != 1
    ]
    return {
        **shares(known),
        "other_left_out": len(cases) - len(known),
        "by_condition": by_condition,
        "too_few": {
            name: row["n"] for name, row in by_condition.items() if row["n"] < ENOUGH_CASES
        },
        "misses": misses,
    }


def bootstrap_interval(
    scored: Sequence[tuple[float, bool]],
    measure: Callable[[Sequence[tuple[float, bool]]], float | None],
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float] | None:
    """The percentile bootstrap interval (95%) of a measure over cases; None without cases."""
    if not scored:
        return None
    rng = random.Random(seed)
    values = []
    for _ in range(resamples):
        sample = [scored[rng.randrange(len(scored))] for _ in scored]
        value = measure(sample)
        if value is not None:
            values.append(value)
    values.sort()
    tail = (1 - INTERVAL) / 2
    low = values[math.floor(tail * (len(values) - 1))]
    high = values[math.ceil((1 - tail) * (len(values) - 1))]
    return low, high


def _logit(probability: float) -> float:
    p = min(max(probability, _EDGE), 1 - _EDGE)
    return math.log(p / (1 - p))


def _fit(
    points: Sequence[tuple[float, float]], slope_free: bool, steps: int = 100
) -> tuple[float, float] | None:
    """Newton-Raphson for logit P(y) = a + b x (b fixed at 1 unless `slope_free`)."""
    a, b = 0.0, 1.0
    for _ in range(steps):
        g_a = g_b = h_aa = h_ab = h_bb = 0.0
        for x, y in points:
            p = 1 / (1 + math.exp(-(a + b * x)))
            w = p * (1 - p)
            g_a += y - p
            g_b += (y - p) * x
            h_aa += w
            h_ab += w * x
            h_bb += w * x * x
        if slope_free:
            det = h_aa * h_bb - h_ab * h_ab
            if det <= 1e-12:
                return None
            da = (h_bb * g_a - h_ab * g_b) / det
            db = (h_aa * g_b - h_ab * g_a) / det
        else:
            if h_aa <= 1e-12:
                return None
            da, db = g_a / h_aa, 0.0
        a, b = a + da, b + db
        if max(abs(a), abs(b)) > 1e3:
            return None
        if max(abs(da), abs(db)) < 1e-10:
            return a, b
    return None


def calibration(scored: Iterable[tuple[float, bool]]) -> dict[str, float | None]:
    """Calibration-in-the-large and slope; each None when it cannot be estimated."""
    points = [(_logit(p), 1.0 if positive else 0.0) for p, positive in scored]
    if not points or len({y for _, y in points}) < 2:
        return {"in_the_large": None, "slope": None, "mean_predicted": None, "observed": None}
    intercept = _fit([(x, y) for x, y in points], slope_free=False)
    both = _fit(points, slope_free=True)
    # With the slope fixed at 1 the intercept fit treats x as an offset: a + 1 * x.
    return {
        "in_the_large": None if intercept is None else intercept[0],
        "slope": None if both is None else both[1],
        "mean_predicted": math.fsum(1 / (1 + math.exp(-x)) for x, _ in points) / len(points),
        "observed": math.fsum(y for _, y in points) / len(points),
    }
