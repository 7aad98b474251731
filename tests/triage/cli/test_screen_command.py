"""`triage screen` on real files: every dialect, bad rows in place, order, summary, exit status."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks.intakes import distinct, full_intake, sparse_intake, table_rows
from triage import assess
from triage.cli import main
from triage.models import Assessment
from triage.screening.results import COLUMNS, LIST_SEPARATOR

SPREADSHEET = (
    "\ufeffid;Age;sex;saddle_numbness;night_pain;sit_bone_pain;sitting_pain;duration_weeks;notes\r\n"
    "A1;34;Male;no;No;Yes;YES;8;first visit\r\n"
    'A2;61;female;yes;;yes;no;2,5;"back; again"\r\n'
    "A3;40;male;no;no;maybe;yes;9999;typo\r\n"
    "A4;29;FEMALE;NO;no;yes;yes;12;\r\n"
)
"""An Excel export: byte-order mark, semicolons, CRLF, mixed case, a bad third row."""

SPREADSHEET_INTAKES: dict[str, dict[str, Any]] = {
    "A1": {
        "age": 34,
        "sex": "male",
        "answers": {
            "saddle_numbness": "no",
            "night_pain": "no",
            "sit_bone_pain": "yes",
            "sitting_pain": "yes",
            "duration_weeks": 8,
        },
    },
    "A2": {
        "age": 61,
        "sex": "female",
        "answers": {
            "saddle_numbness": "yes",
            "sit_bone_pain": "yes",
            "sitting_pain": "no",
            "duration_weeks": 2.5,
        },
    },
    "A4": {
        "age": 29,
        "sex": "female",
        "answers": {
            "saddle_numbness": "no",
            "night_pain": "no",
            "sit_bone_pain": "yes",
            "sitting_pain": "yes",
            "duration_weeks": 12,
        },
    },
}
"""What the spreadsheet's good rows say, written out by hand."""


def _screen(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["screen", "--no-progress", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _assert_row_is(row: dict[str, str], assessment: Assessment) -> None:
    """One output row against `assess` of the same intake, field by field."""
    triage = assessment.triage
    assert row["level"] == triage.level.value
    assert row["see"] == triage.see
    assert row["within"] == triage.within
    assert float(row["probability"]) == assessment.likelihood.probability
    assert row["band"] == assessment.likelihood.band.value
    assert _items(row["red_flags"]) == [flag.id for flag in assessment.red_flags]
    assert row["screen_complete"] == ("yes" if assessment.red_flag_screen.complete else "no")
    assert _items(row["unanswered_red_flags"]) == [
        q.value for q in assessment.red_flag_screen.unanswered
    ]
    assert _items(row["differentials"]) == [
        f"{d.condition.value} ({d.support.value})" for d in assessment.differentials
    ]
    assert _items(row["reasons"]) == triage.reasons
    assert row["error"] == ""


def _items(cell: str) -> list[str]:
    return cell.split(LIST_SEPARATOR) if cell else []


def test_a_spreadsheet_export_gives_one_result_per_row_equal_to_assess(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "forms.csv"
    source.write_bytes(SPREADSHEET.encode())
    status, out, err = _screen(capsys, str(source), "-o", "-", "--keep", "notes", "--jobs", "1")
    assert status == 1
    rows = _csv(out)
    assert list(rows[0]) == [*COLUMNS, "notes"]
    assert [row["id"] for row in rows] == ["A1", "A2", "A3", "A4"]
    assert [row["notes"] for row in rows] == ["first visit", "back; again", "typo", ""]
    for row in rows:
        if row["id"] in SPREADSHEET_INTAKES:
            _assert_row_is(row, assess(SPREADSHEET_INTAKES[row["id"]]))
    bad = rows[2]
    assert bad["level"] == ""
    assert "duration_weeks: 9999 is out of range" in bad["error"]
    assert "sit_bone_pain: expected 'yes', 'no' or 'unknown' (value 'maybe')" in bad["error"]
    assert "forms.csv row 3: duration_weeks: number_out_of_range" in err
    assert re.search(r"bad rows +1\n", err)


@pytest.mark.slow
def test_full_and_sparse_intakes_come_out_as_assess_gives_them_with_several_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    intakes = distinct(full_intake, 450, seed=11) + distinct(sparse_intake, 450, seed=12)
    source = tmp_path / "many.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(table_rows(intakes))
    output = tmp_path / "results.csv"
    status, _, err = _screen(capsys, str(source), "-o", str(output), "--jobs", "2")
    assert status == 0, err
    rows = _csv(output.read_text(encoding="utf-8"))
    assert [row["id"] for row in rows] == [f"P{n}" for n in range(1, len(intakes) + 1)]
    for row, intake in zip(rows, intakes, strict=True):
        _assert_row_is(row, assess(intake))


def test_json_lines_in_and_out_carry_the_full_assessment_or_the_rows_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    intakes = distinct(full_intake, 30, seed=3)
    lines = [
        json.dumps({"id": f"J{n}", "clinic": "north", **intake}) for n, intake in enumerate(intakes)
    ]
    lines.insert(10, '{"id": "broken", "answers": ')
    lines.insert(20, json.dumps({"id": "typo", "answers": {"sit_bone_pian": "yes"}}))
    source = tmp_path / "forms.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "results.jsonl"
    status, _, _ = _screen(
        capsys, str(source), "-o", str(output), "--keep", "clinic", "--jobs", "2"
    )
    assert status == 1
    results = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [r["row"] for r in results] == list(range(1, 33))
    good = [r for r in results if "assessment" in r]
    assert [r["id"] for r in good] == [f"J{n}" for n in range(30)]
    for result, intake in zip(good, intakes, strict=True):
        assert result["assessment"] == assess(intake).model_dump(mode="json")
        assert result["kept"] == {"clinic": "north"}
    assert "not valid JSON" in results[10]["error"]["message"]
    (problem,) = results[20]["error"]["problems"]
    assert problem["column"] == "answers.sit_bone_pian"
    assert "did you mean 'sit_bone_pain'" in problem["problem"]


def test_a_json_array_is_screened_element_by_element(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    intakes = distinct(sparse_intake, 25, seed=5)
    source = tmp_path / "forms.json"
    source.write_text(json.dumps(intakes, indent=1), encoding="utf-8")
    status, out, _ = _screen(capsys, str(source), "-o", "-", "--format", "jsonl", "--jobs", "1")
    assert status == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["assessment"] for r in results] == [
        assess(i).model_dump(mode="json") for i in intakes
    ]


def test_a_truncated_json_array_stops_with_status_2_after_the_rows_before_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cut.json"
    source.write_text('[{"answers": {}}, {"answers": {"night_', encoding="utf-8")
    status, out, err = _screen(capsys, str(source), "-o", "-", "--jobs", "1")
    assert status == 2
    first, last = _csv(out)
    assert first["level"] and not last["level"]
    assert "the output is incomplete: " in last["error"]
    assert "; 1 row was written before this line" in last["error"]
    assert "breaks off after element 1" in err


def test_standard_input_is_read_and_its_format_sniffed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = io.BytesIO(b'{"id": "s1", "answers": {"night_pain": "yes"}}\n')
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(data)))
    status, out, _ = _screen(capsys, "-", "-o", "-", "--jobs", "1")
    assert status == 0
    (row,) = _csv(out)
    assert row["id"] == "s1"
    assert row["red_flags"] == "night_pain"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"id;age;Age\r\n1;2;3\r\n", "'Age' appears more than once"),
        (b"id,sit_bone_pian,notes\n1,yes,x\n", "did you mean 'sit_bone_pain'"),
    ],
)
def test_a_file_that_cannot_be_read_exits_with_status_2_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    source = tmp_path / "bad.csv"
    source.write_bytes(content)
    output = tmp_path / "out.csv"
    status, _, err = _screen(capsys, str(source), "-o", str(output))
    assert status == 2
    assert message in err
    assert not output.exists()


def test_a_header_alone_gives_a_header_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "empty.csv"
    source.write_bytes(b"\xef\xbb\xbfid;age;night_pain\r\n")
    summary = tmp_path / "summary.json"
    status, out, _ = _screen(capsys, str(source), "-o", "-", "--summary-json", str(summary))
    assert status == 0
    assert out.splitlines() == [",".join(COLUMNS)]
    assert json.loads(summary.read_text(encoding="utf-8"))["rows"] == 0


def test_a_truncated_last_line_is_that_rows_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cut.csv"
    source.write_bytes(b"id,age,night_pain,sit_bone_pain\n1,30,no,yes\n2,41,ye")
    status, out, _ = _screen(capsys, str(source), "-o", "-", "--jobs", "1")
    assert status == 1
    first, second = _csv(out)
    assert first["level"] != ""
    assert "the line may be cut short" in second["error"]


def test_the_summary_counts_levels_red_flags_incomplete_screens_and_bad_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "forms.csv"
    source.write_bytes(SPREADSHEET.encode())
    summary = tmp_path / "summary.json"
    _screen(capsys, str(source), "-o", "-", "--keep", "notes", "--summary-json", str(summary))
    data = json.loads(summary.read_text(encoding="utf-8"))
    levels = [assess(intake).triage.level.value for intake in SPREADSHEET_INTAKES.values()]
    assert data["rows"] == 4
    assert {k: v for k, v in data["levels"].items() if v} == {
        level: levels.count(level) for level in set(levels)
    }
    assert data["rows_with_red_flag"] == 1
    assert data["rows_with_incomplete_screen"] == 3
    assert data["bad_rows"] == 1
    assert data["first_bad_rows"][0]["row"] == 3
    assert data["rows_per_second"] > 0
    assert data["complete"] is True
    assert "9999" not in json.dumps(data)


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=pytest.mark.slow)])
@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_a_repeated_key_is_that_rows_error_naming_it_and_the_others_are_screened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, jobs: str
) -> None:
    repeated = '{"id": "twice", "answers": {"saddle_numbness": "yes", "saddle_numbness": "no"}}'
    fine = '{"id": "fine", "answers": {"saddle_numbness": "yes"}}'
    text = (
        f"{fine}\n{repeated}\n{fine}\n" if suffix == ".jsonl" else f"[{fine},\n{repeated},\n{fine}]"
    )
    source = tmp_path / f"forms{suffix}"
    source.write_text(text, encoding="utf-8")
    status, out, _ = _screen(capsys, str(source), "-o", "-", "--jobs", jobs)
    assert status == 1
    first, second, third = _csv(out)
    expected = assess({"answers": {"saddle_numbness": "yes"}}).triage.level.value
    assert first["level"] == third["level"] == expected
    assert second["level"] == ""
    assert "answers.saddle_numbness: 'saddle_numbness' is given more than once" in second["error"]


def test_the_progress_bar_shows_counts_on_standard_error_and_never_an_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "forms.csv"
    source.write_text(
        "id,age,sit_bone_pain,duration_weeks\nPATIENT-7,41,yes,13\nPATIENT-8,57,no,29\n",
        encoding="utf-8",
    )
    assert main(["screen", str(source), "-o", str(tmp_path / "out.csv"), "--progress"]) == 0
    err = capsys.readouterr().err
    assert "2/2" in err and " rows" in err
    # Numbers are left out of the check: the rates and times on the bar are numbers too.
    for private in ("PATIENT-7", "PATIENT-8", "sit_bone_pain", "duration_weeks", "yes"):
        assert private not in err


def test_no_progress_bar_when_standard_error_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "forms.csv"
    source.write_text("id,age\nA,41\n", encoding="utf-8")
    assert main(["screen", str(source), "-o", str(tmp_path / "out.csv")]) == 0
    err = capsys.readouterr().err
    assert "Screened 1 rows" in err and "1/1" not in err


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("forms.csv", "id,age,sex,sit_bone_pain\nU1,unknown,Unknown,yes\n"),
        (
            "forms.jsonl",
            '{"id": "U1", "age": "unknown", "sex": "unknown", "answers": {"sit_bone_pain": "yes"}}\n',
        ),
    ],
)
def test_age_and_sex_unknown_in_a_file_are_read_as_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    status, out, _ = _screen(capsys, str(source), "-o", "-", "--jobs", "1")
    assert status == 0
    (row,) = _csv(out)
    assert row["error"] == ""
    _assert_row_is(row, assess({"answers": {"sit_bone_pain": "yes"}}))
