"""A table row straight to a validated intake, when every cell of it is one already seen valid.

A clinic's file repeats the same few cells on every row (`yes`, `no`, an age, a number of weeks),
so each distinct cell of a column is validated once, by the intake model itself, and remembered:
`KnownCells.intake` then builds the row's `Intake` from the remembered values without validating
the row again. A row with any cell that does not validate, or with a problem of shape (too many
or too few cells, a value in an unnamed column), gets None, and goes the ordinary way: its intake
data validated whole, so that every problem is named as before.

Each field of the intake model is validated on its own (no validator looks at two fields), so a
row whose every cell validated alone is the same `Intake` as that row's data validated whole.
"""

from __future__ import annotations

from typing import Any

from triage.files.intake_table import ColumnPlan, cell_value, is_person_field
from triage.models import Answers, Intake

CELLS_REMEMBERED = 4096
"""Distinct valid cells remembered per column; further ones are validated each time they are met."""

_ABSENT = object()
"""The cell leaves its field out of the intake data (it is empty, or an unknown age)."""

_INVALID = object()
"""The cell does not validate (never remembered): the row goes the ordinary way."""

_VALUES: dict[str, dict[str, Any]] = {}
"""Per intake field, each valid cell met (as written) and what it validates to; one per process."""

_NO_ANSWERS = Answers()


class KnownCells:
    """Builds intakes from the rows of one table, by its column plan."""

    def __init__(self, plan: ColumnPlan) -> None:
        self._plan = plan
        fields = [(index, key, _VALUES.setdefault(key, {})) for index, key in plan.fields]
        self._fields = fields
        self._person = [field for field in fields if is_person_field(field[1])]
        self._answers = [field for field in fields if not is_person_field(field[1])]

    def intake(self, cells: list[str]) -> Intake | None:
        """The row's intake, or None when the row must be read and validated the ordinary way."""
        plan = self._plan
        if len(cells) != plan.width or any(cells[i].strip() for i in plan.unnamed):
            return None
        try:
            return self._built(cells)
        except KeyError:  # a cell not met before
            if not self._learn(cells):
                return None
        return self._built(cells)

    def _built(self, cells: list[str]) -> Intake:
        answers = {
            key: value
            for index, key, known in self._answers
            if (value := known[cells[index]]) is not _ABSENT
        }
        person = {
            key: value
            for index, key, known in self._person
            if (value := known[cells[index]]) is not _ABSENT
        }
        # `model_copy(update=...)` marks the updated fields as set, as validation would have.
        return Intake.model_construct(answers=_NO_ANSWERS.model_copy(update=answers), **person)

    def _learn(self, cells: list[str]) -> bool:
        """Validate the row's cells not met before; False when one of them does not validate."""
        for index, key, known in self._fields:
            cell = cells[index]
            if cell not in known:
                value = _validated(key, cell)
                if value is _INVALID:
                    return False
                if len(known) < CELLS_REMEMBERED:
                    known[cell] = value
                else:
                    return False  # the column's memory is full: this row goes the ordinary way
        return True


def _validated(key: str, cell: str) -> Any:
    text = cell.strip()
    if not text:
        return _ABSENT
    data = cell_value(key, text)
    if data is None:
        return _ABSENT  # an unknown age is left out, as the ordinary reading leaves it out
    try:
        if is_person_field(key):
            return getattr(Intake.model_validate({key: data}), key)
        return getattr(Answers.model_validate({key: data}), key)
    except ValueError:  # pydantic's ValidationError
        return _INVALID
