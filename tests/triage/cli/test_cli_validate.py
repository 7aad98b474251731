"""`triage validate`: the table, `--json`, and exit statuses 0, 1 and 2, on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from triage.cli import main

TRIAGE = str(Path(sys.executable).parent / "triage")
"""The installed command, as a user runs it."""

JSON_KEYS = {
    "n",
    "exact",
    "under_triage",
    "over_triage",
    "safe",
    "pht_auc",
    "brier",
    "confusion",
    "brier_interval",
    "calibration",
    "diagnosis",
}
"""The keys `--json` must have (issue 8, point 6; issue 24, points 1 and 4)."""

SADDLE = {"answers": {"saddle_numbness": "yes"}}
"""An intake the rule base sends to emergency."""


def _cases(tmp_path: Path, *lines: dict[str, Any] | str) -> Path:
    path = tmp_path / "vignettes.jsonl"
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TRIAGE, "validate", *args], capture_output=True, text=True, check=False)


SAFE_CASES = (
    {"id": "cauda", "intake": SADDLE, "expected_level": "emergency", "condition": "other"},
    {
        "id": "runner",
        "intake": {"answers": {"sit_bone_pain": "yes", "sitting_pain": "yes"}},
        "expected_level": "consultation",
        "condition": "proximal_hamstring_tendinopathy",
        "citation": {"title": "accepted, not read"},
    },
)


@pytest.mark.slow
def test_no_under_triage_exits_0_with_a_table(tmp_path: Path) -> None:
    result = _run(str(_cases(tmp_path, *SAFE_CASES)))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Clinical validation: 2 cases from ")
    assert "exact level           2 of 2 (100.0%)" in out
    assert "under-triage          0 of 2 (0.0%)" in out
    assert "safe (Gilbert 2020)   2 of 2 (100.0%)" in out
    assert "tendinopathy AUC      1.000 (1 tendinopathy against 1 other cases" in out
    assert "Under-triaged (0):\n  (none)" in out
    assert "Brier score           " in out and "95% bootstrap interval" in out
    assert "calibration slope     " in out
    assert "Final diagnosis named (1 cases with a known condition; 1 'other' left out)" in out
    assert "  first                1 of 1 (100.0%)" in out
    assert "  proximal_hamstring_tendinopathy   1    1    1" in out
    assert "  ischial_bursitis                  0    0    0" in out
    assert "Fewer than 5 cases: apophyseal_avulsion (0), " in out
    assert ", proximal_hamstring_tendinopathy (1), " in out
    assert "Not named first (0):\n  (none)" in out
    assert "Confusion (rows: expected level; columns: level given):" in out


def test_json_has_the_issues_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(_cases(tmp_path, *SAFE_CASES)), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= JSON_KEYS
    assert (data["n"], data["exact"], data["under_triage"], data["over_triage"]) == (2, 2, [], [])
    assert (data["safe"], data["pht_auc"]) == (1.0, 1.0)
    assert data["confusion"]["emergency"]["emergency"] == 1


@pytest.mark.slow
def test_an_under_triaged_case_exits_1_and_is_listed(tmp_path: Path) -> None:
    under = {"id": "missed", "intake": {"answers": {}}, "expected_level": "emergency"}
    result = _run(str(_cases(tmp_path, *SAFE_CASES, under)))
    assert result.returncode == 1
    assert "Under-triaged (1):\n  missed: expected emergency, given consultation" in result.stdout
    as_json = _run(str(_cases(tmp_path, *SAFE_CASES, under)), "--json")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["under_triage"] == ["missed"]


def test_over_triage_alone_exits_0(tmp_path: Path) -> None:
    over = {"id": "cautious", "intake": SADDLE, "expected_level": "consultation"}
    result = _run(str(_cases(tmp_path, over)))
    assert result.returncode == 0
    assert "Over-triaged (1):\n  cautious: expected consultation, given emergency" in result.stdout


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"id": "x", "intake": {}, "expected_level": "emergency", "expect": "?"}, "expect"),
        (
            {"id": "x", "intake": {"answers": {"fever": "yes"}}, "expected_level": "emergency"},
            "intake.answers.fever",
        ),
        ({"id": "x", "intake": {}, "expected_level": "urgent"}, "expected_level"),
        ('{"id": "x", "intake": {}, "expected_level": "emergency", "id": "y"}', "id"),
        ({"id": "cauda", "intake": {}, "expected_level": "emergency"}, "id"),
    ],
)
def test_a_bad_file_exits_2_naming_the_line_and_field(
    tmp_path: Path, line: dict[str, Any] | str, field: str
) -> None:
    path = _cases(tmp_path, *SAFE_CASES, line)
    result = _run(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{path}:3: {field}: " in result.stderr


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "none.jsonl")]) == 2
    assert "does not exist" in capsys.readouterr().err
