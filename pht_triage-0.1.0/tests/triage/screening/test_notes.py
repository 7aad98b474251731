"""`triage screen --text-column NAME`: a red flag a row's notes state is a "yes" for that row."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from triage import assess
from triage.cli import main
from triage.freetext import MAX_TEXT_CHARS
from triage.screening.notes import NOTES_COLUMN, red_flags_stated
from triage.screening.results import COLUMNS

FORMS = (
    "id,age,sit_bone_pain,saddle_numbness,fever_or_unwell,notes\n"
    "A1,34,yes,no,no,says she can't feel it when she wipes\n"
    "A2,40,yes,,,no fever; worried about cancer\n"
    "A3,50,yes,no,no,Sitting hurts and her back aches.\n"
    "A4,29,yes,no,no,\n"
)


def _screen(tmp_path: Path, text: str, *args: str, suffix: str = ".csv") -> list[dict[str, str]]:
    source = tmp_path / f"forms{suffix}"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    main(["screen", str(source), "-o", str(out), "--jobs", "1", *args])
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


def test_a_red_flag_in_the_notes_is_yes_for_that_row_over_the_forms_no(tmp_path: Path) -> None:
    rows = {r["id"]: r for r in _screen(tmp_path, FORMS, "--text-column", "notes")}
    expected = assess(
        {
            "age": 34,
            "answers": {"sit_bone_pain": "yes", "saddle_numbness": "yes", "fever_or_unwell": "no"},
        }
    )
    assert rows["A1"]["level"] == expected.triage.level.value == "emergency"
    assert rows["A1"][NOTES_COLUMN] == "saddle_numbness"
    assert "saddle_numbness" in rows["A1"]["red_flags"]


def test_nothing_else_in_the_notes_changes_the_forms_answers(tmp_path: Path) -> None:
    rows = {r["id"]: r for r in _screen(tmp_path, FORMS, "--text-column", "notes")}
    forms_alone = {
        "A2": {"age": 40, "answers": {"sit_bone_pain": "yes"}},
        "A3": {
            "age": 50,
            "answers": {"sit_bone_pain": "yes", "saddle_numbness": "no", "fever_or_unwell": "no"},
        },
    }
    for row_id, intake in forms_alone.items():
        alone = assess(intake)
        assert rows[row_id]["level"] == alone.triage.level.value
        unanswered = " | ".join(q.value for q in alone.red_flag_screen.unanswered)
        assert rows[row_id]["unanswered_red_flags"] == unanswered
        assert rows[row_id][NOTES_COLUMN] == ""


def test_the_header_lists_the_notes_column_last(tmp_path: Path) -> None:
    source = tmp_path / "forms.csv"
    source.write_text(FORMS.replace("id,age", "id,site"), encoding="utf-8")
    out = tmp_path / "out.csv"
    main(
        [
            "screen",
            str(source),
            "-o",
            str(out),
            "--jobs",
            "1",
            "--keep",
            "site",
            "--text-column",
            "notes",
        ]
    )
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == [*COLUMNS, "site", NOTES_COLUMN]
    assert "wipes" not in out.read_text(encoding="utf-8")


def test_json_lines_read_the_notes_key_and_list_the_flag_in_kept(tmp_path: Path) -> None:
    line = {
        "id": "J1",
        "answers": {"sit_bone_pain": "yes"},
        "notes": "I have lost a stone without trying",
    }
    source = tmp_path / "forms.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert (
        main(["screen", str(source), "-o", str(out), "--jobs", "1", "--text-column", "notes"]) == 0
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["kept"] == {NOTES_COLUMN: "weight_loss"}
    assert [flag["id"] for flag in result["assessment"]["red_flags"]] == ["weight_loss"]


def test_notes_over_the_limit_are_the_rows_error_under_the_notes_column(tmp_path: Path) -> None:
    forms = f"id,sit_bone_pain,notes\nL1,yes,{'a' * (MAX_TEXT_CHARS + 1)}\n"
    [row] = _screen(tmp_path, forms, "--text-column", "notes")
    assert row["level"] == ""
    assert row["error"].startswith("notes: the notes are")


def test_a_notes_column_also_kept_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "forms.csv"
    source.write_text(FORMS, encoding="utf-8")
    args = ["screen", str(source), "-o", "-", "--keep", "notes", "--text-column", "notes"]
    assert main(args) == 2
    assert "is read, not kept" in capsys.readouterr().err


def test_without_the_option_a_notes_column_is_refused_as_before(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "forms.csv"
    source.write_text(FORMS, encoding="utf-8")
    assert main(["screen", str(source), "-o", "-"]) == 2
    assert "unknown column 'notes'" in capsys.readouterr().err


def test_only_red_flags_stated_of_this_person_are_taken() -> None:
    assert red_flags_stated("my mum had cancer, no fever, can't walk on it") == (
        "cannot_bear_weight",
    )
