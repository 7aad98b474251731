"""`triage.devtools.cases`: cases are read from JSON Lines, folders of JSON and CSV; bad cases are named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rules.vocabulary import NO, YES, Q
from tests.paths import CASES
from triage.devtools.cases import load_cases
from triage.errors import CaseError, CaseFileError

CASES_DIR = CASES


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_jsonl_cases_are_named_by_name_or_by_file_and_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"name": "runner", "intake": {"answers": {"sit_bone_pain": "yes"}}}),
        "",
        json.dumps({"age": 40, "answers": {"back_pain": "no"}}),
    ]
    cases = load_cases(_write(tmp_path / "batch.jsonl", "\n".join(lines)))
    assert [case.name for case in cases] == ["runner", "batch:3"]
    assert cases[0].intake.answer(Q.SIT_BONE_PAIN) is YES
    assert cases[1].intake.age == 40


def test_wrapped_cases_ignore_description_and_expect(tmp_path: Path) -> None:
    case = {"name": "x", "description": "d", "expect": {"level": "?"}, "intake": {"answers": {}}}
    assert load_cases(_write(tmp_path / "x.json", json.dumps(case)))[0].name == "x"


def test_a_folder_is_read_recursively_and_json_files_are_named_by_stem(tmp_path: Path) -> None:
    _write(tmp_path / "a" / "deep" / "first.json", json.dumps({"answers": {}}))
    _write(tmp_path / "b.jsonl", json.dumps({"answers": {"night_pain": "no"}}))
    _write(tmp_path / "notes.txt", "not a case")
    names = [case.name for case in load_cases(tmp_path)]
    assert names == ["first", "b:1"]


def test_csv_columns_are_age_sex_and_question_ids_and_empty_cells_are_unknown(
    tmp_path: Path,
) -> None:
    text = "age,sex,sit_bone_pain,duration_weeks,night_pain\n34,male,yes,8,\n,,no,,unknown\n"
    first, second = load_cases(_write(tmp_path / "table.csv", text))
    assert (first.name, second.name) == ("table:2", "table:3")
    assert first.intake.age == 34
    assert first.intake.sex == "male"
    assert first.intake.answer(Q.DURATION_WEEKS) == 8
    assert first.intake.answer(Q.NIGHT_PAIN) is None
    assert second.intake.age is None
    assert second.intake.answer(Q.SIT_BONE_PAIN) is NO


def test_a_csv_name_column_names_the_cases(tmp_path: Path) -> None:
    cases = load_cases(_write(tmp_path / "t.csv", "name,back_pain\nbacky,yes\n"))
    assert cases[0].name == "backy"


def test_every_bad_case_is_reported_with_its_name_and_fields(tmp_path: Path) -> None:
    lines = [
        json.dumps({"name": "typo", "intake": {"answers": {"sit_bone_pian": "yes"}}}),
        json.dumps({"answers": {"duration_weeks": 9999}}),
        "{not json",
        json.dumps({"name": "fine", "intake": {"answers": {}}}),
    ]
    with pytest.raises(CaseError) as caught:
        load_cases(_write(tmp_path / "mixed.jsonl", "\n".join(lines)))
    bad = {case.name: case for case in caught.value.bad}
    assert set(bad) == {"typo", "mixed:2", "mixed:3"}
    assert "did you mean 'sit_bone_pain'" in bad["typo"].problems[0].message
    assert bad["mixed:2"].problems[0].path == "answers.duration_weeks"
    assert "not valid JSON" in bad["mixed:3"].problems[0].message
    assert "typo" in str(caught.value)


def test_a_bad_csv_cell_names_its_row_and_column(tmp_path: Path) -> None:
    with pytest.raises(CaseError) as caught:
        load_cases(_write(tmp_path / "t.csv", "age,pain_severity\nold,5\n30,loud\n"))
    problems = {case.name: [p.path for p in case.problems] for case in caught.value.bad}
    assert problems == {"t:2": ["age"], "t:3": ["answers.pain_severity"]}


def test_a_csv_row_with_more_cells_than_columns_is_bad(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="more cells than the header"):
        load_cases(_write(tmp_path / "t.csv", "back_pain\nyes,no\n"))


def test_two_cases_with_one_name_are_rejected(tmp_path: Path) -> None:
    case = json.dumps({"name": "same", "intake": {"answers": {}}})
    with pytest.raises(CaseError, match="already used"):
        load_cases(_write(tmp_path / "twice.jsonl", f"{case}\n{case}\n"))


def test_a_name_must_be_a_non_empty_string(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="'name' must be"):
        load_cases(_write(tmp_path / "n.json", json.dumps({"name": 3, "intake": {}})))


def test_a_missing_path_an_unknown_suffix_and_an_empty_folder_fail_clearly(
    tmp_path: Path,
) -> None:
    with pytest.raises(CaseFileError, match="does not exist"):
        load_cases(tmp_path / "nowhere")
    with pytest.raises(CaseFileError, match=r"expected a \.json"):
        load_cases(_write(tmp_path / "cases.txt", "x"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(CaseFileError, match="no cases found"):
        load_cases(tmp_path / "empty")


def test_the_projects_own_cases_all_load_with_unique_names() -> None:
    cases = load_cases(CASES_DIR)
    assert len({case.name for case in cases}) == len(cases)
    assert {"typical_runner", "deep_gluteal_syndrome"} <= {case.name for case in cases}


def test_a_validation_case_line_is_named_by_its_id(tmp_path: Path) -> None:
    line = {"id": "vignette", "intake": {"answers": {}}, "expected_level": "consultation"}
    lines = [json.dumps(line), json.dumps({**line, "id": ""})]
    with pytest.raises(CaseError) as caught:
        load_cases(_write(tmp_path / "v.jsonl", "\n".join(lines)))
    (bad,) = caught.value.bad
    assert (bad.name, bad.problems[0].message) == ("v:2", "'id' must be a non-empty string")
    assert [case.name for case in load_cases(_write(tmp_path / "v.jsonl", lines[0]))] == [
        "vignette"
    ]


REPEATED = '{"answers": {"saddle_numbness": "yes", "saddle_numbness": "no"}}'


def test_a_jsonl_case_with_a_repeated_key_is_bad_naming_the_key_and_its_line(
    tmp_path: Path,
) -> None:
    lines = [json.dumps({"answers": {"sit_bone_pain": "yes"}}), "", '{"intake": ' + REPEATED + "}"]
    file = _write(tmp_path / "forms.jsonl", "\n".join(lines))
    with pytest.raises(CaseError) as raised:
        load_cases(file)
    [bad] = raised.value.bad
    assert (bad.name, bad.origin) == ("forms:3", f"{file}:3")
    [problem] = bad.problems
    assert (problem.path, problem.type) == ("intake.answers.saddle_numbness", "duplicate_key")
    assert "'saddle_numbness' is given more than once" in str(raised.value)


def test_a_json_case_file_with_a_repeated_key_names_the_file_and_the_keys_line(
    tmp_path: Path,
) -> None:
    file = _write(tmp_path / "cases" / "one.json", REPEATED.replace(", ", ",\n  "))
    with pytest.raises(CaseError) as raised:
        load_cases(tmp_path / "cases")
    [bad] = raised.value.bad
    assert (bad.name, bad.origin) == ("one", f"{file}:2")
    assert bad.problems[0].path == "answers.saddle_numbness"


def test_a_csv_with_a_column_named_twice_is_refused_naming_the_column(tmp_path: Path) -> None:
    file = _write(tmp_path / "forms.csv", "age,saddle_numbness, saddle_numbness\n40,yes,no\n")
    with pytest.raises(CaseError) as raised:
        load_cases(file)
    [bad] = raised.value.bad
    assert bad.origin == f"{file}:1"
    [problem] = bad.problems
    assert (problem.path, problem.type) == ("saddle_numbness", "duplicate_column")
