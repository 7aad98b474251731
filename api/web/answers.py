"""The answers an intake page carries in its form, read back into an interview request.

The page keeps no state on the server: every answer so far travels in hidden fields named by the
item's `field` (`age`, `sex`, `answers.<id>`, `second_answers.<id>`), in the order they were
given. A field the interview does not know, or one sent twice, is refused, never dropped. The
controls of the page itself (the items it asks, the boxes ticked, the button pressed) have names
of their own: `CONTROLS`, and `answer:<field>` / `number:<field>` on a page of several inputs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from rules.vocabulary import RED_FLAG_QUESTIONS, Kind
from triage import FieldProblem, IntakeError
from triage.interview import REPEAT_GROUP, SECOND_ANSWERS, Item, grouping_of, items, repeated

UNKNOWN = "unknown"
"""The value of every "I don't know" choice."""

CONTROLS = frozenset(
    {"item", "answer", "number", "action", "change", "key", "ticked", "audience", "text", "keep"}
)
"""Form fields that steer the page rather than carry an answer."""

CONTROL_PREFIXES = frozenset({"answer", "number"})
"""`answer:<field>` and `number:<field>`: one item's input on a page of several."""


def is_control(name: str) -> bool:
    """Whether a form field steers the page (see `CONTROLS`) rather than carries an answer."""
    prefix, colon, _ = name.partition(":")
    return name in CONTROLS or (bool(colon) and prefix in CONTROL_PREFIXES)


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
            if is_control(name):
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

    def with_answers(self, given: dict[str, str]) -> Answers:
        """These answers with several given or changed (a changed one keeps its place)."""
        return Answers({**self.values, **given})

    def without_last_page(self) -> tuple[Answers, dict[str, str]]:
        """These answers less the last page's (the last ones given, of one group), and those."""
        fields = list(self.values)
        if not fields:
            return self, {}
        group = group_of(fields[-1])
        start = len(fields)
        while start > 0 and group_of(fields[start - 1]) == group:
            start -= 1
        kept = dict(list(self.values.items())[:start])
        return Answers(kept), {f: self.values[f] for f in fields[start:]}

    def of_group(self, group: str) -> dict[str, str]:
        """The answers given to one group's items, in the order given."""
        return {f: v for f, v in self.values.items() if group_of(f) == group}

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
    """A form value as the intake takes it: a number for a numeric item, else the word."""
    if item.kind != Kind.NUMBER.value or value == UNKNOWN:
        return value
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


def group_of(field: str) -> str:
    """The id of the group a field's item is asked in (warning signs asked again: their own)."""
    if is_second_answer(field):
        return REPEAT_GROUP
    return grouping_of()[items_by_field()[field].id].id
