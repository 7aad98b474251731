"""Rule coverage: run a set of cases and count which rules of the catalogue fired, and how often."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rules.catalogue import catalogue
from triage.core import Triage, default
from triage.devtools.cases import Case


@dataclass(frozen=True, slots=True)
class CaseRun:
    """One case and the rules it fired, each once, in firing order."""

    name: str
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RuleCount:
    """How often one rule fired: in how many cases, and how many times in all."""

    rule: str
    area: str
    cases: int
    firings: int


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which rules a set of cases fired."""

    counts: tuple[RuleCount, ...]
    runs: tuple[CaseRun, ...]

    @property
    def total(self) -> int:
        """How many rules the catalogue has."""
        return len(self.counts)

    @property
    def fired(self) -> int:
        """How many rules fired at least once."""
        return sum(1 for count in self.counts if count.firings)

    @property
    def percent(self) -> float:
        """The share of rules that fired, in percent."""
        return 100.0 * self.fired / self.total if self.total else 100.0

    @property
    def never_fired(self) -> tuple[str, ...]:
        """The rules no case fired, in catalogue order."""
        return tuple(count.rule for count in self.counts if not count.firings)

    def under(self, percent: float) -> bool:
        """Whether coverage is below a threshold: exact counts, the threshold times the rule count
        rounded to 6 places (so that the share a report shows, as a float, is not below itself)."""
        return self.fired * 100 < round(percent * self.total, 6)

    def as_dict(self) -> dict[str, Any]:
        """Coverage as plain data, for JSON."""
        return {
            "rules": self.total,
            "fired": self.fired,
            "percent": round(self.percent, 2),
            "counts": {
                count.rule: {"area": count.area, "cases": count.cases, "firings": count.firings}
                for count in self.counts
            },
            "never_fired": list(self.never_fired),
            "cases": [{"name": run.name, "rules": list(run.rules)} for run in self.runs],
        }


def measure(cases: Iterable[Case], core: Triage | None = None) -> Coverage:
    """Assess every case (with `core`, else the default `Triage`) and count, for each rule of the
    catalogue, the cases and firings."""
    evaluate = (core or default()).evaluate
    firings: Counter[str] = Counter()
    in_cases: Counter[str] = Counter()
    runs = []
    for case in cases:
        fired = [firing.rule for firing in evaluate(case.intake).firings]
        firings.update(fired)
        unique = tuple(dict.fromkeys(fired))
        in_cases.update(unique)
        runs.append(CaseRun(case.name, unique))
    counts = tuple(
        RuleCount(entry.id, entry.info.area, in_cases[entry.id], firings[entry.id])
        for entry in catalogue()
    )
    return Coverage(counts, tuple(runs))
