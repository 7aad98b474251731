"""The answers an intake page carries in its form, read back into an interview request.

The page keeps no state on the server: every answer so far travels in hidden fields named by the
item's `field` (`age`, `sex`, `answers.<id>`, `second_answers.<id>`), in the order they were
given. A field the interview does not know, or one sent twice, is refused, never dropped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from rules.vocabulary import RED_FLAG_QUESTIONS, Kind
from triage.errors import FieldProblem, IntakeError
from triage.interview.next_question import SECOND_ANSWERS, repeated
from triage.interview.questionnaire import Item, items

UNKNOWN = "unknown"
"""The value of every "I don't know" choice."""

CONTROLS = frozenset({"item", "answer", "number", "action", "change", "key"})
"""Form fields that steer the page rather than carry an answer."""


@cache
def items_by_field() -> dict[str, Item]:
    """Every item a page may ask, keyed by the field its answer goes in (repeats included)."""
    found = {item.field: item for item in items()}
    found.update({item.field: item for item in (repeated(q) for q in RED_FLAG_QUESTIONS)})
    return found


@dataclass(frozen=True, slots=True)
class Answers:
    """The answers so far, in the order given: field name to the value as the form sent it."""

    values: dict[str, str]

    @classmethod
    def read(cls, pairs: Iterable[tuple[str, str]]) -> Answers:
        """The answers among a form's fields; raises IntakeError on an unknown or repeated one."""
        values: dict[str, str] = {}
        problems = []
        known = items_by_field()
        for name, value in pairs:
            if name in CONTROLS:
                continue
            if name not in known:
                problems.append(FieldProblem(tuple(name.split(".")), "not a question", "unknown"))
            elif name in values:
                message = "given twice; neither value is kept, since either could hide a red flag"
                problems.append(FieldProblem(tuple(name.split(".")), message, "duplicate_key"))
            else:
                values[name] = value
        if problems:
            raise IntakeError(problems)
        return cls(values)

    def with_answer(self, field: str, value: str) -> Answers:
        """These answers with one given or changed (a changed one keeps its place)."""
        return Answers({**self.values, field: value})

    def without_last(self) -> tuple[Answers, str | None, str | None]:
        """These answers less the last one given, and that one's field and value."""
        if not self.values:
            return self, None, None
        *kept, (field, value) = self.values.items()
        return Answers(dict(kept)), field, value

    def request(self) -> dict[str, Any]:
        """The interview request these answers make (numbers as numbers)."""
        request: dict[str, Any] = {}
        for field, value in self.values.items():
            target = request
            *parents, name = field.split(".")
            for parent in parents:
                target = target.setdefault(parent, {})
            target[name] = _typed(items_by_field()[field], value)
        return request


def _typed(item: Item, value: str) -> Any:
    """A form value as the intake takes it: a number for a numeric item, else the word.

    "I don't know" to a number is sent as null, which `age` takes too (it has no "unknown").
    """
    if item.kind != Kind.NUMBER.value:
        return value
    if value == UNKNOWN:
        return None
    try:
        number = float(value)
    except ValueError:
        return value  # the intake's own check names it
    if not math.isfinite(number):
        return value
    return int(number) if number.is_integer() else number


def is_second_answer(field: str) -> bool:
    """Whether a field holds the answer to a warning-sign question asked a second time."""
    return field.startswith(f"{SECOND_ANSWERS}.")
