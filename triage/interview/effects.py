"""The table of effects: what each rule that reads only the answers needs, and what it declares.

It is built once from the rule catalogue. Every such rule is run against a recorder instead of an
engine (rule bodies only declare facts), which gives what it declares: a red flag or a concern and
its level, a differential sign, a likelihood ratio. `triage.interview.foresight` reads it to judge
what the items not yet asked could still change, with no engine run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from rules.base import Answers, Concern, Evidence, RedFlag, Sign
from rules.catalogue import catalogue
from rules.patterns import fact_patterns, required_answers
from rules.scale import Condition, Level
from triage.assessment import likelihood


@dataclass(frozen=True, slots=True)
class Effect:
    """What one rule reading the answers needs, and what it declares when it fires."""

    rule: str
    pattern: tuple[tuple[str, Any], ...]
    floor: Level | None
    signs: tuple[tuple[Condition, int], ...]
    ratios: tuple[likelihood.Ratio, ...]


class _Recorder:
    """Stands in for an engine while a rule body runs, and keeps what it declares."""

    def __init__(self) -> None:
        self.facts: list[Any] = []

    def declare(self, *facts: Any) -> None:
        self.facts.extend(facts)


@cache
def effects() -> tuple[Effect, ...]:
    """Every rule whose conditions read only the answers, with what it declares.

    The differential sign each red flag adds (`differential_from_red_flag`) is not in the table:
    every red flag sets a floor of at least a consultation, which already holds the level there.
    """
    found = []
    for entry in catalogue():
        patterns = fact_patterns(entry.info.rule)
        if not patterns or any(p.fact is not Answers or p.negated for p in patterns):
            continue
        recorder = _Recorder()
        entry.info.method(recorder)
        floors = [Level(f["level"]) for f in recorder.facts if isinstance(f, RedFlag | Concern)]
        found.append(
            Effect(
                rule=entry.id,
                pattern=tuple(required_answers(entry.info.rule).items()),
                floor=max(floors, key=lambda level: level.urgency) if floors else None,
                signs=tuple(
                    (Condition(f["condition"]), int(f["weight"]))
                    for f in recorder.facts
                    if isinstance(f, Sign)
                ),
                ratios=tuple(
                    _ratio(f, entry.id) for f in recorder.facts if isinstance(f, Evidence)
                ),
            )
        )
    return tuple(found)


@cache
def effects_by_item() -> dict[str, tuple[Effect, ...]]:
    """The effects keyed by each item their conditions read."""
    index: dict[str, list[Effect]] = defaultdict(list)
    for effect in effects():
        for key, _ in effect.pattern:
            index[key].append(effect)
    return {key: tuple(found) for key, found in index.items()}


def _ratio(fact: Any, rule: str) -> likelihood.Ratio:
    return likelihood.Ratio(
        question=str(fact["question"]),
        answer=str(fact["answer"]),
        likelihood_ratio=float(fact["likelihood_ratio"]),
        group=str(fact["group"]),
        rule=rule,
    )
