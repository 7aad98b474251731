"""A rule-by-rule trace of one assessment: each firing, its rule's description and the facts it matched.

The intake fact holds every answer, so a step shows only the answers its rule reads; the facts the
engine derives (red flags, evidence, likelihood band, level) are shown whole, with the rule that
declared them when a rule did.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from rules.catalogue import by_id
from rules.structure import answer_keys
from triage.engine import Firing

_HIDDEN = {"fact", "rule"}
_LONG = 60


@dataclass(frozen=True, slots=True)
class Step:
    """One firing of a trace: its number, rule, description and matched facts as plain data."""

    number: int
    rule: str
    description: str
    facts: tuple[dict[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        """The step as JSON-ready data."""
        return {
            "step": self.number,
            "rule": self.rule,
            "description": self.description,
            "facts": [_json_ready(fact) for fact in self.facts],
        }


def trace(firings: Iterable[Firing]) -> list[Step]:
    """The steps of a run, in firing order."""
    catalogue = by_id()
    steps = []
    for number, firing in enumerate(firings, start=1):
        entry = catalogue.get(firing.rule)
        description = entry.info.description if entry else ""
        keys = set(answer_keys(entry.info.rule)) if entry else set()
        facts = tuple(_shown(fact, keys) for fact in firing.facts())
        steps.append(Step(number, firing.rule, description, facts))
    return steps


def _shown(fact: dict[str, Any], answer_keys: set[str]) -> dict[str, Any]:
    if fact.get("fact") == "Answers":
        return {"fact": "Answers", **{k: v for k, v in fact.items() if k in answer_keys}}
    return fact


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


def trace_text(steps: Iterable[Step]) -> str:
    """The steps as readable text, one block per firing."""
    lines = []
    for step in steps:
        lines.append(f"{step.number:>3}. {step.rule}")
        if step.description:
            lines.append(f"     {step.description}")
        for fact in step.facts:
            lines.append(f"     matched {_fact_text(fact)}")
    return "\n".join(lines)


def _fact_text(fact: dict[str, Any]) -> str:
    fields = ", ".join(
        f"{key}={_value_text(value)}" for key, value in fact.items() if key not in _HIDDEN
    )
    origin = f" from {fact['rule']}" if "rule" in fact else ""
    return f"{fact.get('fact', 'Fact')}({fields}){origin}"


def _value_text(value: Any) -> str:
    text = str(_json_ready(value))
    if isinstance(value, str) and len(text) > _LONG:
        text = text[: _LONG - 1] + "…"
    return repr(text) if isinstance(value, str) and " " in text else text
