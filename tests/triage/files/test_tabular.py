"""The table reader on real files in the dialects spreadsheets export."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.errors import TableError, UnknownColumnsError
from triage.files.intake_table import ColumnPlan
from triage.files.tabular import Table, TableRow, open_table


def _table(tmp_path: Path, content: bytes) -> tuple[Table, list[list[str]]]:
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with path.open("rb") as stream:
        table = open_table(stream)
        return table, [row.cells for row in table.rows()]


def test_an_excel_export_with_a_byte_order_mark_semicolons_and_crlf_is_read(
    tmp_path: Path,
) -> None:
    content = '\ufeffid;age;sit_bone_pain;notes\r\nA1;34;Yes;"first; visit"\r\n'.encode()
    table, rows = _table(tmp_path, content)
    assert table.dialect == "semicolon"
    assert table.columns == ["id", "age", "sit_bone_pain", "notes"]
    assert rows == [["A1", "34", "Yes", "first; visit"]]


@pytest.mark.parametrize(("separator", "name"), [(",", "comma"), ("\t", "tab"), (";", "semicolon")])
def test_the_separator_is_found_from_the_header(tmp_path: Path, separator: str, name: str) -> None:
    content = (
        separator.join(["age", "sex", "night_pain"]) + "\n" + separator.join(["30", "male", "no"])
    )
    table, rows = _table(tmp_path, content.encode())
    assert table.dialect == name
    assert rows == [["30", "male", "no"]]


def test_a_single_column_table_needs_no_separator(tmp_path: Path) -> None:
    table, rows = _table(tmp_path, b"night_pain\nyes\n")
    assert table.columns == ["night_pain"]
    assert rows == [["yes"]]


def test_a_quoted_cell_may_hold_a_line_break_and_rows_keep_their_line_numbers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'id,notes\r\nA,"two\r\nlines"\r\n\r\nB,x\r\n')
    with path.open("rb") as stream:
        rows = list(open_table(stream).rows())
    assert [(row.number, row.cells) for row in rows] == [
        (1, ["A", "two\r\nlines"]),
        (2, ["B", "x"]),
    ]
    assert rows[1].line == 5


def test_a_repeated_column_refuses_the_file_naming_it_in_any_letter_case(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="'Night_Pain' appears more than once"):
        _table(tmp_path, b"night_pain;age;Night_Pain\nyes;3;no\n")


def test_an_empty_file_is_refused_and_a_header_alone_has_no_rows(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="empty"):
        _table(tmp_path, b"")
    with pytest.raises(TableError, match="empty"):
        _table(tmp_path, b"\xef\xbb\xbf\r\n")
    table, rows = _table(tmp_path, b"id;age\r\n")
    assert table.columns == ["id", "age"]
    assert rows == []


def test_a_header_that_is_not_csv_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="header row cannot be read"):
        _table(tmp_path, b"tuk<\r\x13!t")


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="not UTF-8"):
        _table(tmp_path, "age;sexe\n30;f\xe9minin\n".encode("latin-1"))


def test_an_unclosed_quote_is_the_rows_problem(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'id,notes\nA,"open\n')
    with path.open("rb") as stream:
        (row,) = list(open_table(stream).rows())
    assert row.problem is not None
    assert "unreadable CSV" in row.problem


def test_cells_become_intake_values_in_any_letter_case_and_empty_is_unknown() -> None:
    plan = ColumnPlan.of(
        ["ID", "Age", "SEX", "night_pain", "sitting_pain", "duration_weeks", "pain_severity"]
    )
    read = plan.intake(_row(["A7", "34", "Female", "YES", "", "2,5", "unknown"]))
    assert read.id == "A7"
    assert read.data == {
        "age": 34,
        "sex": "female",
        "answers": {"night_pain": "yes", "duration_weeks": 2.5, "pain_severity": "unknown"},
    }
    assert read.problems == ()


def test_an_unknown_column_is_refused_naming_it_and_the_nearest_question() -> None:
    with pytest.raises(UnknownColumnsError) as caught:
        ColumnPlan.of(["id", "sit_bone_pian", "notes"])
    assert caught.value.names == ("sit_bone_pian", "notes")
    assert "did you mean 'sit_bone_pain'" in caught.value.message
    assert "--keep" in caught.value.message


def test_kept_columns_are_carried_in_the_order_asked() -> None:
    plan = ColumnPlan.of(["notes", "night_pain", "clinic"], keep=["Clinic", "notes"])
    read = plan.intake(_row(["seen before", "no", "North"]))
    assert read.kept == {"Clinic": "North", "notes": "seen before"}
    assert read.data == {"answers": {"night_pain": "no"}}


def test_a_short_row_or_a_value_under_no_column_name_is_the_rows_problem() -> None:
    plan = ColumnPlan.of(["id", "night_pain", ""])
    assert [p.type for p in plan.intake(_row(["A"])).problems] == ["too_few_cells"]
    assert [p.type for p in plan.intake(_row(["A", "no", "x"])).problems] == ["unnamed_column"]
    assert plan.intake(_row(["A", "no", ""])).problems == ()
    assert [p.type for p in plan.intake(_row(["A", "no", "", "y"])).problems] == ["too_many_cells"]


def _row(cells: list[str]) -> TableRow:
    return TableRow(1, 2, cells)
