"""The `triage` command line: assess, rules and questions, with clear errors and exit statuses."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rules.catalogue import catalogue
from rules.vocabulary import Q
from tests.paths import ROOT
from triage.cli import main

EXAMPLE = ROOT / "examples" / "runner.json"


def test_assess_prints_the_contract_assessment_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(EXAMPLE)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) >= {
        "likelihood",
        "triage",
        "red_flags",
        "red_flag_screen",
        "differentials",
        "explanation",
        "advice",
        "rule_base_version",
        "disclaimer",
    }
    assert printed["triage"]["level"] == "self_care"


def test_assess_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"answers": {"saddle_numbness": "yes"}}'))
    assert main(["assess", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["triage"]["level"] == "emergency"


def test_assess_text_format_is_a_readable_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(EXAMPLE), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("TRIAGE: SELF_CARE")
    assert "Proximal hamstring tendinopathy is likely (high band)." in out
    assert "an estimate" in out.replace("\n", " ")
    assert (
        "Conditions considered, best supported first:\n  1. proximal_hamstring_tendinopathy" in out
    )
    assert "not a diagnosis" in out


def test_assess_accepts_a_prior(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(EXAMPLE), "--prior", "0.5"]) == 0
    assert json.loads(capsys.readouterr().out)["likelihood"]["prior"] == 0.5


def test_a_bad_intake_names_every_bad_field_and_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"age": 200, "answers": {"sit_bone_pian": "yes"}}')
    assert main(["assess", str(path)]) == 2
    err = capsys.readouterr().err
    assert "age:" in err
    assert "did you mean 'sit_bone_pain'" in err


def test_invalid_json_is_reported_with_its_position(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"answers": ')
    assert main(["assess", str(path)]) == 2
    assert "is not valid JSON" in capsys.readouterr().err


def test_a_missing_file_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["assess", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_a_prior_outside_zero_and_one_is_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(EXAMPLE), "--prior", "1.5"]) == 2
    assert "prior" in capsys.readouterr().err


def test_rules_lists_the_whole_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [rule["id"] for rule in listed] == [entry.id for entry in catalogue()]
    assert all(rule["description"] and rule["source"] for rule in listed)


def test_questions_lists_age_sex_and_every_question_with_texts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["questions", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [question["id"] for question in listed] == ["age", "sex", *(q.value for q in Q)]
    assert all(question["text"] and question["why"] for question in listed)


@pytest.mark.slow
def test_the_installed_command_runs_and_fails_cleanly_on_bad_input() -> None:
    command = [sys.executable, "-m", "triage", "assess", "-"]
    ok = subprocess.run(command, input='{"answers": {}}', capture_output=True, text=True)
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["red_flag_screen"]["complete"] is False
    bad = subprocess.run(command, input="[]", capture_output=True, text=True)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr


def test_assess_refuses_a_repeated_key_with_status_2_naming_the_key_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    intake = tmp_path / "intake.json"
    intake.write_text(
        '{"answers": {\n  "saddle_numbness": "no",\n  "saddle_numbness": "yes"\n}}', "utf-8"
    )
    assert main(["assess", str(intake)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{intake}: 'saddle_numbness' is given more than once in 'answers' (line 3" in (
        captured.err
    )


def test_coverage_refuses_a_case_with_a_repeated_key_with_status_2_naming_the_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"answers": {}}\n{"age": 40, "age": 41}\n', "utf-8")
    assert main(["coverage", str(cases)]) == 2
    err = capsys.readouterr().err
    assert f"({cases}:2)" in err
    assert "age: 'age' is given more than once" in err
