"""`triage.devtools.coverage` and `triage coverage`: rule firings counted over a set of cases."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from rules.catalogue import catalogue
from tests.paths import ROOT
from triage.cli import main
from triage.devtools.cases import Case
from triage.devtools.coverage import Coverage, RuleCount, measure
from triage.models import parse_intake

CASES_DIR = ROOT / "tests" / "cases"


def _case(name: str, answers: dict[str, str]) -> Case:
    return Case(name, parse_intake({"answers": answers}), "test")


def test_coverage_counts_cases_and_firings_for_every_catalogue_rule() -> None:
    coverage = measure(
        [
            _case("one", {"sit_bone_pain": "yes"}),
            _case("two", {"sit_bone_pain": "yes", "saddle_numbness": "yes"}),
        ]
    )
    counts = {count.rule: count for count in coverage.counts}
    assert set(counts) == {entry.id for entry in catalogue()}
    assert counts["likelihood_sit_bone_pain_yes"].cases == 2
    assert counts["red_flag_saddle_numbness"].cases == 1
    assert counts["likelihood_sit_bone_pain_no"].firings == 0
    assert "likelihood_sit_bone_pain_no" in coverage.never_fired
    assert coverage.fired == coverage.total - len(coverage.never_fired)


def test_a_rule_that_fires_twice_in_one_case_counts_one_case_and_two_firings() -> None:
    coverage = measure([_case("two flags", {"saddle_numbness": "yes", "night_pain": "yes"})])
    count = next(c for c in coverage.counts if c.rule == "differential_from_red_flag")
    assert (count.cases, count.firings) == (1, 2)


def test_each_case_lists_its_rules_once_in_firing_order() -> None:
    coverage = measure([_case("flag", {"saddle_numbness": "yes"})])
    rules = coverage.runs[0].rules
    assert len(rules) == len(set(rules))
    assert rules.index("red_flag_saddle_numbness") < rules.index("advice_emergency")


def test_under_compares_the_exact_share_with_the_threshold() -> None:
    coverage = measure([_case("empty", {})])
    assert coverage.under(100)
    assert not coverage.under(coverage.percent)
    assert not coverage.under(0)


@pytest.mark.parametrize("total", [153, 154, 155, 201])
def test_the_share_a_report_shows_is_never_under_itself_whatever_the_rule_count(total: int) -> None:
    for fired in range(total + 1):
        counts = tuple(
            RuleCount(f"r{i}", "area", int(i < fired), int(i < fired)) for i in range(total)
        )
        coverage = Coverage(counts, ())
        assert not coverage.under(coverage.percent), (fired, total)
        assert coverage.under(100) is (fired < total)


def test_as_dict_gives_totals_counts_never_fired_and_cases() -> None:
    data = measure([_case("empty", {})]).as_dict()
    assert data["rules"] == len(catalogue())
    assert data["cases"][0]["name"] == "empty"
    assert data["counts"]["triage_screen_incomplete"]["cases"] == 1
    assert "red_flag_saddle_numbness" in data["never_fired"]


# --- The command ---------------------------------------------------------------------------


def _jsonl(tmp_path: Path, *intakes: Mapping[str, object]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(intake) for intake in intakes), encoding="utf-8")
    return path


def test_coverage_command_prints_a_table_with_never_fired_and_each_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _jsonl(tmp_path, {"answers": {"sit_bone_pain": "yes"}})
    assert main(["coverage", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Rule coverage: ")
    assert "likelihood_sit_bone_pain_yes" in out
    assert "Never fired (" in out
    assert "cases:1 (" in out


def test_coverage_command_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _jsonl(tmp_path, {"answers": {}})
    assert main(["coverage", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cases"][0]["name"] == "cases:1"
    assert data["fired"] < data["rules"]


def test_fail_under_exits_1_below_the_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _jsonl(tmp_path, {"answers": {}})
    assert main(["coverage", str(path), "--fail-under", "100"]) == 1
    assert "under the required 100%" in capsys.readouterr().err
    assert main(["coverage", str(path), "--fail-under", "1"]) == 0


def test_bad_cases_fail_the_command_naming_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _jsonl(tmp_path, {"answers": {"sit_bone_pian": "yes"}})
    assert main(["coverage", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cases:1" in err
    assert "did you mean 'sit_bone_pain'" in err


def test_a_missing_path_fails_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["coverage", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_progress_goes_to_stderr_without_case_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _jsonl(tmp_path, *({"answers": {"night_pain": "yes"}} for _ in range(3)))
    assert main(["coverage", str(path), "--progress"]) == 0
    captured = capsys.readouterr()
    assert "cases" in captured.err
    assert "night_pain" not in captured.err
    assert "cases:1" not in captured.err


def test_no_progress_bar_for_a_small_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["coverage", str(_jsonl(tmp_path, {"answers": {}}))]) == 0
    assert capsys.readouterr().err == ""


def test_the_projects_cases_fire_every_rule_through_the_installed_command() -> None:
    command = [str(Path(sys.executable).parent / "triage"), "coverage", str(CASES_DIR)]
    result = subprocess.run(
        [*command, "--fail-under", "100"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Never fired (0):" in result.stdout
    assert "(100.0%)" in result.stdout
