"""`triage parse`: text in (argument or standard input), the reading out as JSON; `--evaluate`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.paths import ROOT
from triage.cli import main
from triage.freetext import MAX_TEXT_CHARS


def test_the_text_argument_is_read_and_printed_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "No fever, but I can't feel it when I wipe"]) == 0
    reading = json.loads(capsys.readouterr().out)
    assert reading["answers"] == {"saddle_numbness": "yes"}
    assert [m["status"] for m in reading["mentions"]] == ["negated", "affirmed"]


def test_without_an_argument_the_text_comes_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("My mum had cancer."))
    assert main(["parse"]) == 0
    assert json.loads(capsys.readouterr().out)["answers"] == {}


def test_a_text_too_long_exits_2_with_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "a" * (MAX_TEXT_CHARS + 1)]) == 2
    assert str(MAX_TEXT_CHARS) in capsys.readouterr().err


def test_evaluate_reports_the_set_by_status_and_group_and_passes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sentences = ROOT / "tests" / "cases" / "free_text" / "sentences.ndjson"
    args = ["parse", "--evaluate", str(sentences), "--min-precision", "0.95", "--min-recall", "0.9"]
    assert main(args) == 0
    out = capsys.readouterr().out
    for heading in ("overall", "by status:", "by item group:", "red_flag", "misses ("):
        assert heading in out
    assert "FAIL" not in out


def test_evaluate_exits_1_on_a_missed_red_flag_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = {"text": "Hi.", "mentions": [{"id": "night_pain", "value": "yes", "status": "affirmed"}]}
    path = tmp_path / "set.ndjson"
    path.write_text(json.dumps(case) + "\n", encoding="utf-8")
    assert main(["parse", "--evaluate", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["failures"] == ["line 1: the red flag night_pain is stated and not read 'yes'"]
    assert report["misses"][0]["id"] == "night_pain"


def test_evaluate_exits_1_under_the_asked_precision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "set.ndjson"
    path.write_text(json.dumps({"text": "My back aches.", "mentions": []}) + "\n", encoding="utf-8")
    assert main(["parse", "--evaluate", str(path), "--min-precision", "0.5"]) == 1
    assert "FAIL: precision 0.000 is under 0.5" in capsys.readouterr().out


def test_evaluate_of_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--evaluate", "/nonexistent/set.ndjson"]) == 2
    assert "cannot read" in capsys.readouterr().err
