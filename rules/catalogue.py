"""The rule catalogue, read from the rules themselves: id, area, description, source, questions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from experta import Rule

from rules.base import SOURCE_ATTRIBUTE, Source
from rules.rulebase import AREAS
from rules.structure import body_of, questions_read, rules_of
from rules.vocabulary import Q


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule as the catalogue lists it."""

    id: str
    area: str
    description: str
    source: Source | None
    rule: Rule

    @property
    def method(self) -> Callable[..., None]:
        """The function behind the rule."""
        return body_of(self.rule)


def describe(rule: Rule, area: str) -> RuleInfo:
    """Read a rule's id, description and source from the rule itself."""
    method = body_of(rule)
    doc = (method.__doc__ or "").strip()
    return RuleInfo(
        id=method.__name__,
        area=area,
        description=doc.splitlines()[0] if doc else "",
        source=getattr(method, SOURCE_ATTRIBUTE, None),
        rule=rule,
    )


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
