"""The rule catalogue, read from the rules themselves: id, area, description, source, questions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from experta import Rule

from rules.base import Answers, RuleInfo, describe, rules_of
from rules.rulebase import AREAS
from rules.vocabulary import Q


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """A rule as the catalogue lists it, with the questions its conditions read."""

    info: RuleInfo
    questions: tuple[Q, ...]

    @property
    def id(self) -> str:
        """The rule's stable id."""
        return self.info.id

    @property
    def source_text(self) -> str:
        """The rule's source as text; empty when it has none."""
        return str(self.info.source) if self.info.source is not None else ""

    def as_data(self) -> dict[str, Any]:
        """The entry as the CLI (`triage rules --json`) and the service (`/v1/rules`) show it."""
        return {
            "id": self.id,
            "area": self.info.area,
            "description": self.info.description,
            "source": self.source_text,
            "questions": [q.value for q in self.questions],
        }


def _patterns(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, tuple):
        for child in node:
            yield from _patterns(child)


def questions_read(rule: Rule) -> tuple[Q, ...]:
    """The question ids a rule's conditions read, in questionnaire order."""
    keys = {
        str(key) for pattern in _patterns(rule) if isinstance(pattern, Answers) for key in pattern
    }
    return tuple(q for q in Q if q.value in keys)


@cache
def catalogue() -> tuple[CatalogueEntry, ...]:
    """Every rule of the rule base, area by area, in id order within an area."""
    entries = []
    for area, engine_class in AREAS.items():
        for rule in rules_of(engine_class).values():
            entries.append(CatalogueEntry(describe(rule, area), questions_read(rule)))
    return tuple(entries)


@cache
def by_id() -> dict[str, CatalogueEntry]:
    """The catalogue keyed by rule id."""
    return {entry.id: entry for entry in catalogue()}
