"""`KnownCells`: a row built from remembered cells is the intake its data validates to, or None."""

from __future__ import annotations

import pytest

from benchmarks.intakes import distinct, full_intake, sparse_intake, table_rows
from triage.errors import IntakeError
from triage.files.intake_table import ColumnPlan
from triage.files.known_cells import KnownCells
from triage.files.tabular import TableRow
from triage.models import parse_intake


def _same_or_refused(plan: ColumnPlan, known: KnownCells, cells: list[str]) -> None:
    built = known.intake(cells)
    data = plan.intake(TableRow(1, 2, cells)).data
    try:
        validated = parse_intake(data)
    except IntakeError:
        assert built is None
        return
    if built is not None:
        assert built == validated
        assert built.model_fields_set == validated.model_fields_set
        assert built.answers.model_fields_set == validated.answers.model_fields_set


def test_every_row_is_the_intake_its_data_validates_to() -> None:
    header, *rows = table_rows(
        distinct(full_intake, 300, seed=41) + distinct(sparse_intake, 300, seed=42)
    )
    plan = ColumnPlan.of(header)
    known = KnownCells(plan)
    for cells in rows:
        built = known.intake(cells)
        assert built is not None
        _same_or_refused(plan, known, cells)


@pytest.mark.parametrize(
    "cells",
    [
        ["A", " 34 ", "Male", "YES", " no ", "unknown", "8"],
        ["A", "", "", "", "", "", ""],
        ["A", "unknown", "unknown", "unknown", "no", "yes", "2,5"],
        ["A", "34.0", "female", "no", "no", "no", "1e1"],
        ["A", "34.5", "male", "no", "no", "no", "1"],
        ["A", "200", "male", "no", "no", "no", "1"],
        ["A", "34", "man", "no", "no", "no", "1"],
        ["A", "34", "male", "maybe", "no", "no", "1"],
        ["A", "34", "male", "no", "no", "no", "9999"],
        ["A", "34", "male", "no", "no", "no", "nan"],
        ["A", "true", "male", "no", "no", "no", "-1"],
        ["A", "34", "male", "no", "no", "no"],
        ["A", "34", "male", "no", "no", "no", "1", "extra"],
    ],
)
def test_a_cell_that_does_not_validate_sends_the_row_the_ordinary_way(cells: list[str]) -> None:
    header = [
        "id",
        "age",
        "sex",
        "saddle_numbness",
        "night_pain",
        "sit_bone_pain",
        "duration_weeks",
    ]
    plan = ColumnPlan.of(header)
    known = KnownCells(plan)
    for _ in range(2):  # the first time learns the cells, the second uses what it remembered
        _same_or_refused(plan, known, cells)
    if len(cells) != len(header):
        assert known.intake(cells) is None


def test_a_value_in_an_unnamed_column_sends_the_row_the_ordinary_way() -> None:
    plan = ColumnPlan.of(["id", "", "age"])
    known = KnownCells(plan)
    assert known.intake(["1", "", "30"]) is not None
    assert known.intake(["1", "x", "30"]) is None
