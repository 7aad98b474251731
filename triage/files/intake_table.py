"""A table's rows as intakes: which column is which, and each cell as the value it stands for.

Columns are `age`, `sex` and question ids, matched in any letter case. An id column is carried
beside the intake, and so are the columns the caller names to keep. Any other column is refused up
front, naming it and the nearest question id: a mistyped question would otherwise be read as never
answered. An empty cell (or `unknown`) is unknown. Yes/no answers and `sex` are read in any letter
case; numbers accept a decimal comma, which semicolon-separated exports write.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rules.vocabulary import QUESTIONS, Kind
from triage.errors import FieldProblem, UnknownColumnsError
from triage.files.tabular import TableRow

_NUMERIC = frozenset({"age"} | {q.value for q, s in QUESTIONS.items() if s.kind is Kind.NUMBER})
_LOWERED = frozenset({"sex"} | {q.value for q, s in QUESTIONS.items() if s.kind is Kind.YES_NO})
_PERSON = ("age", "sex")
_FIELDS = frozenset(_PERSON) | {q.value for q in QUESTIONS}
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


@dataclass(frozen=True, slots=True)
class TableIntake:
    """One row read as an intake: the intake data, its id, kept cells and the row's own problems."""

    data: dict[str, Any]
    id: str | None
    kept: dict[str, str]
    cells: dict[str, str] = field(default_factory=dict)
    problems: tuple[FieldProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """What each column of a header is: an intake field, the id, a kept column, or empty."""

    width: int
    fields: tuple[tuple[int, str], ...]
    id_index: int | None
    kept: tuple[tuple[int, str], ...]
    unnamed: tuple[int, ...]

    @classmethod
    def of(
        cls, columns: Sequence[str], *, id_column: str | None = "id", keep: Sequence[str] = ()
    ) -> ColumnPlan:
        """The plan for a header; raises UnknownColumnsError naming every column it cannot place."""
        wanted_id = id_column.casefold() if id_column else None
        kept_names = {name.casefold(): name for name in keep}
        fields, kept, unnamed, unknown = [], [], [], []
        id_index = None
        for index, name in enumerate(columns):
            key = name.casefold()
            if not key:
                unnamed.append(index)
            elif key == wanted_id:
                id_index = index
            elif key in kept_names:
                kept.append((index, kept_names[key]))
            elif key in _FIELDS:
                fields.append((index, key))
            else:
                unknown.append(name)
        if unknown:
            raise UnknownColumnsError(unknown)
        # Kept columns come out in the order asked for, so that every input agrees.
        order = list(kept_names)
        kept.sort(key=lambda pair: order.index(pair[1].casefold()))
        return cls(len(columns), tuple(fields), id_index, tuple(kept), tuple(unnamed))

    @property
    def kept_names(self) -> tuple[str, ...]:
        """The kept columns' names, as the caller spelt them and in that order."""
        return tuple(name for _, name in self.kept)

    def intake(self, row: TableRow) -> TableIntake:
        """A row as intake data (not yet validated), with the problems found in its shape."""
        cells = row.cells
        problems = [FieldProblem((), row.problem, "unreadable_row")] if row.problem else []
        if len(cells) > self.width and any(cell.strip() for cell in cells[self.width :]):
            problems.append(
                FieldProblem(
                    (),
                    "the row has more cells than the header has columns "
                    f"({len(cells)} cells, {self.width} columns)",
                    "too_many_cells",
                )
            )
        elif 0 < len(cells) < self.width:
            problems.append(
                FieldProblem(
                    (),
                    f"the row has {len(cells)} cells but the header has {self.width} columns; "
                    "the line may be cut short",
                    "too_few_cells",
                )
            )
        for index in self.unnamed:
            if index < len(cells) and cells[index].strip():
                message = f"a value in column {index + 1}, which has no name in the header"
                problems.append(FieldProblem((), message, "unnamed_column"))
        person: dict[str, Any] = {}
        answers: dict[str, Any] = {}
        texts: dict[str, str] = {}
        for index, key in self.fields:
            text = cells[index].strip() if index < len(cells) else ""
            if text:
                texts[key] = text
                value = cell_value(key, text)
                if value is not None:
                    (person if key in _PERSON else answers)[key] = value
        row_id, kept = self.carried(cells)
        return TableIntake({**person, "answers": answers}, row_id, kept, texts, tuple(problems))

    def carried(self, cells: Sequence[str]) -> tuple[str | None, dict[str, str]]:
        """What a row carries to the output besides its intake: its id (None if empty) and the
        kept columns' cells."""
        kept = {
            name: cells[index].strip() if index < len(cells) else "" for index, name in self.kept
        }
        row_id = (
            cells[self.id_index].strip()
            if self.id_index is not None and self.id_index < len(cells)
            else None
        )
        return row_id or None, kept


def is_person_field(key: str) -> bool:
    """Whether an intake field is of the person (`age`, `sex`) rather than an answer."""
    return key in _PERSON


def cell_value(column: str, text: str) -> Any:
    """A non-empty cell as the JSON value it stands for (None for unknown age)."""
    if text.casefold() == "unknown":
        return None if column == "age" else "unknown"
    if column in _LOWERED:
        return text.casefold()
    if column not in _NUMERIC:
        return text
    candidate = text.replace(",", ".") if _DECIMAL_COMMA.fullmatch(text) else text
    try:
        number = float(candidate)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number
