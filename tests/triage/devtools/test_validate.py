"""`triage.devtools.validate`: reading validation cases and the figures, on cases computed by hand."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from rules.scale import Condition, Level
from triage import assess
from triage.devtools.validate import (
    ValidationCase,
    Verdict,
    auc,
    brier,
    is_safe,
    load_validation_cases,
    validate,
    verdict,
)
from triage.errors import CaseFileError, ValidationFileError
from triage.files.case_lines import NOTE_KEYS, READ_KEYS
from triage.models import parse_intake

EMERGENCY_INTAKE = {"answers": {"saddle_numbness": "yes"}}
"""Saddle numbness: the rule base sends it to emergency (`red_flag_saddle_numbness`)."""


def _case(expected: Level, acceptable: tuple[Level, ...] = ()) -> ValidationCase:
    levels = frozenset({expected, *acceptable})
    return ValidationCase("c", parse_intake({"answers": {}}), expected, levels, None, "test")


def _write(path: Path, *lines: dict[str, Any] | str) -> Path:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _line(case_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": case_id, "intake": {"answers": {}}, "expected_level": "consultation", **extra}


# --- metrics on hand-made numbers ---------------------------------------------------------


def test_auc_counts_each_positive_negative_pair_and_ties_as_half() -> None:
    # Positives 0.9, 0.5, 0.5; negatives 0.5, 0.1. Pairs won: 0.9 beats both (2);
    # each 0.5 ties 0.5 (1/2) and beats 0.1 (1), so 3/2 each. (2 + 3/2 + 3/2) / 6 = 5/6.
    scored = [(0.9, True), (0.5, True), (0.5, True), (0.5, False), (0.1, False)]
    assert auc(scored) == Fraction(5, 6)


def test_auc_is_one_when_separated_zero_when_reversed_and_half_when_all_tied() -> None:
    assert auc([(0.8, True), (0.2, False)]) == 1
    assert auc([(0.2, True), (0.8, False)]) == 0
    assert auc([(0.4, True), (0.4, False), (0.4, True)]) == Fraction(1, 2)


def test_auc_is_none_without_both_classes() -> None:
    assert auc([(0.3, True), (0.7, True)]) is None
    assert auc([]) is None


def test_brier_is_the_mean_squared_error_against_one_and_zero() -> None:
    # (0.9-1)^2 + (0.2-0)^2 + (0.6-1)^2 + (0.4-0)^2 = 0.01 + 0.04 + 0.16 + 0.16 = 0.37; / 4.
    scored = [(0.9, True), (0.2, False), (0.6, True), (0.4, False)]
    assert brier(scored) == pytest.approx(0.0925, abs=1e-12)
    assert brier([]) is None


def test_a_level_below_the_expected_one_is_under_triage_and_above_it_over_triage() -> None:
    case = _case(Level.CONSULTATION_24)
    assert verdict(case, Level.CONSULTATION_24) is Verdict.EXACT
    assert verdict(case, Level.CONSULTATION) is Verdict.UNDER
    assert verdict(case, Level.SELF_CARE) is Verdict.UNDER
    assert verdict(case, Level.EMERGENCY) is Verdict.OVER


def test_with_acceptable_levels_only_a_level_outside_all_of_them_is_under_or_over() -> None:
    case = _case(Level.CONSULTATION_24, (Level.CONSULTATION,))
    assert verdict(case, Level.CONSULTATION) is Verdict.ACCEPTABLE
    assert verdict(case, Level.SELF_CARE) is Verdict.UNDER
    assert verdict(case, Level.EMERGENCY) is Verdict.OVER


def test_safe_means_at_the_level_more_urgent_or_at_most_one_level_less_urgent() -> None:
    case = _case(Level.CONSULTATION_24)
    assert is_safe(case, Level.CONSULTATION_24)
    assert is_safe(case, Level.EMERGENCY_AMBULANCE)
    assert is_safe(case, Level.CONSULTATION)
    assert not is_safe(case, Level.SELF_CARE)


def test_safe_counts_one_level_below_the_least_urgent_acceptable_level() -> None:
    case = _case(Level.CONSULTATION_24, (Level.CONSULTATION,))
    assert is_safe(case, Level.SELF_CARE)
    assert not is_safe(_case(Level.EMERGENCY, (Level.CONSULTATION_24,)), Level.SELF_CARE)


def test_the_report_counts_matches_lists_under_and_over_triage_and_fills_the_confusion(
    tmp_path: Path,
) -> None:
    # The empty intake gets `consultation` (incomplete screen); saddle numbness gets `emergency`.
    path = _write(
        tmp_path / "cases.jsonl",
        _line("exact"),
        _line("under", expected_level="emergency", condition="cauda_equina_syndrome"),
        {**_line("over", expected_level="self_care"), "condition": "other"},
        {"id": "flag", "intake": EMERGENCY_INTAKE, "expected_level": "emergency"},
    )
    report = validate(load_validation_cases(path), assess)
    data = report.as_dict()
    assert (data["n"], data["exact"]) == (4, 2)
    assert data["under_triage"] == ["under"]
    assert data["over_triage"] == ["over"]
    assert data["safe"] == 0.75
    assert data["unsafe"] == ["under"]
    assert data["confusion"]["emergency"] == {
        "emergency_ambulance": 0,
        "emergency": 1,
        "consultation_24": 0,
        "consultation": 1,
        "self_care": 0,
    }
    assert data["confusion"]["self_care"]["consultation"] == 1
    assert sum(sum(row.values()) for row in data["confusion"].values()) == 4
    assert (data["scored_cases"], data["without_condition"]) == (2, 2)
    assert data["pht_auc"] is None  # no tendinopathy case among the scored ones


def test_the_auc_and_brier_use_only_cases_with_a_condition(tmp_path: Path) -> None:
    runner = {"answers": {"sit_bone_pain": "yes", "sitting_pain": "yes", "stretch_pain": "yes"}}
    path = _write(
        tmp_path / "cases.jsonl",
        {**_line("pht"), "intake": runner, "condition": "proximal_hamstring_tendinopathy"},
        {**_line("other"), "intake": EMERGENCY_INTAKE, "condition": "cauda_equina_syndrome"},
        _line("unlabelled"),
    )
    data = validate(load_validation_cases(path), assess).as_dict()
    by_id = {case["id"]: case["probability"] for case in data["cases"]}
    assert by_id["pht"] > by_id["other"]
    assert data["pht_auc"] == 1.0
    expected = ((by_id["pht"] - 1) ** 2 + by_id["other"] ** 2) / 2
    assert data["brier"] == pytest.approx(expected)
    assert data["without_condition"] == 1


def test_the_report_says_where_the_final_diagnosis_was_ranked(tmp_path: Path) -> None:
    runner = {"answers": {"sit_bone_pain": "yes", "sitting_pain": "yes", "stretch_pain": "yes"}}
    path = _write(
        tmp_path / "cases.jsonl",
        {**_line("pht"), "intake": runner, "condition": "proximal_hamstring_tendinopathy"},
        {**_line("cauda"), "intake": EMERGENCY_INTAKE, "condition": "cauda_equina_syndrome"},
        {**_line("missed"), "intake": runner, "condition": "stress_fracture"},
        {**_line("unknown"), "intake": runner, "condition": "other"},
    )
    data = validate(load_validation_cases(path), assess).as_dict()
    found = data["diagnosis"]
    assert (found["n"], found["top1"], found["top3"], found["other_left_out"]) == (3, 2, 2, 1)
    assert [miss["id"] for miss in found["misses"]] == ["missed"]
    assert found["misses"][0]["rank"] is None
    assert found["by_condition"]["cauda_equina_syndrome"]["top1"] == 1
    assert set(found["by_condition"]) == {condition.value for condition in Condition}
    assert found["too_few"]["ischial_bursitis"] == 0
    by_id = {case["id"]: case for case in data["cases"]}
    assert by_id["cauda"]["named"][0] == "cauda_equina_syndrome"
    low, high = data["brier_interval"]
    assert low <= data["brier"] <= high
    assert set(data["calibration"]) == {"in_the_large", "slope", "mean_predicted", "observed"}


# --- reading ------------------------------------------------------------------------------


def test_the_five_keys_are_read_and_the_note_keys_accepted(tmp_path: Path) -> None:
    notes = dict.fromkeys(NOTE_KEYS, "documented")
    line = {
        **_line("a"),
        "acceptable_levels": ["consultation", "consultation_24"],
        "condition": "deep_gluteal_syndrome",
        **notes,
    }
    assert set(line) == set(READ_KEYS) | set(NOTE_KEYS)
    (case,) = load_validation_cases(_write(tmp_path / "a.jsonl", line))
    assert case.acceptable == {Level.CONSULTATION, Level.CONSULTATION_24}
    assert case.condition == "deep_gluteal_syndrome"


def test_a_folder_is_searched_for_jsonl_files_in_order(tmp_path: Path) -> None:
    (tmp_path / "deep").mkdir()
    _write(tmp_path / "b.jsonl", _line("second"))
    _write(tmp_path / "a.jsonl", _line("first"), "", _line("first-again"))
    _write(tmp_path / "deep" / "c.jsonl", _line("third"))
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    ids = [case.id for case in load_validation_cases(tmp_path)]
    assert ids == ["first", "first-again", "second", "third"]


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ({**_line("a"), "expect": 1}, "expect", "is not a key"),
        ({"id": "a", "intake": {}}, "expected_level", "is required"),
        ({**_line("a"), "expected_level": "urgent"}, "expected_level", "is not a level"),
        (
            {**_line("a"), "acceptable_levels": ["consultation", "soon"]},
            "acceptable_levels.1",
            "is not a level",
        ),
        ({**_line("a"), "acceptable_levels": ["self_care"]}, "acceptable_levels", "must include"),
        ({**_line("a"), "acceptable_levels": []}, "acceptable_levels", "non-empty list"),
        ({**_line("a"), "condition": "pht"}, "condition", "is not a condition id"),
        ({**_line("a"), "id": ""}, "id", "non-empty string"),
        (
            {**_line("a"), "intake": {"answers": {"sit_bone_pian": "yes"}}},
            "intake.answers.sit_bone_pian",
            "did you mean 'sit_bone_pain'",
        ),
        ({**_line("a"), "intake": [1]}, "intake", "expected an object"),
        (
            '{"id": "a", "intake": {"answers": {"x": 1, "x": 2}}}',
            "intake.answers.x",
            "'x' is given more than once",
        ),
        ("{not json", "(line)", "not valid JSON"),
        ("[1, 2]", "(line)", "expected a JSON object"),
    ],
)
def test_a_bad_line_is_reported_with_its_line_and_field(
    tmp_path: Path, line: dict[str, Any] | str, field: str, message: str
) -> None:
    path = _write(tmp_path / "cases.jsonl", _line("fine"), line)
    with pytest.raises(ValidationFileError) as caught:
        load_validation_cases(path)
    (problem,) = caught.value.problems
    assert problem.origin == f"{path}:2"
    assert problem.field == field
    assert message in problem.message


def test_a_repeated_id_names_the_line_that_has_it_first(tmp_path: Path) -> None:
    path = _write(tmp_path / "cases.jsonl", _line("same"), _line("other"), _line("same"))
    with pytest.raises(ValidationFileError) as caught:
        load_validation_cases(path)
    (problem,) = caught.value.problems
    assert (problem.origin, problem.field) == (f"{path}:3", "id")
    assert f"{path}:1" in problem.message


def test_every_bad_field_of_every_line_is_reported(tmp_path: Path) -> None:
    bad = {"id": "a", "intake": {"age": 300}, "expected_level": "soon", "note": 1}
    path = _write(tmp_path / "cases.jsonl", bad, {"intake": {}})
    with pytest.raises(ValidationFileError) as caught:
        load_validation_cases(path)
    found = {(p.origin.rsplit(":", 1)[1], p.field) for p in caught.value.problems}
    assert found == {
        ("1", "note"),
        ("1", "intake.age"),
        ("1", "expected_level"),
        ("2", "id"),
        ("2", "expected_level"),
    }


def test_a_missing_path_or_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="does not exist"):
        load_validation_cases(tmp_path / "nowhere.jsonl")
    with pytest.raises(CaseFileError, match=r"no \.jsonl files"):
        load_validation_cases(tmp_path)
    with pytest.raises(CaseFileError, match="no cases"):
        load_validation_cases(_write(tmp_path / "blank.jsonl", ""))


def test_validating_no_cases_is_an_error_of_the_case_files() -> None:
    with pytest.raises(CaseFileError, match="no cases to validate"):
        validate([], assess)
