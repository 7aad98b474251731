"""`triage.files.case_lines`: a case file's lines as pydantic models, each problem named by field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from rules.scale import Level
from triage.files.case_lines import (
    NOTE_KEYS,
    READ_KEYS,
    NamedCase,
    ValidationLine,
    file_lines,
    problems,
)

LINE = {"id": "a", "intake": {"answers": {}}, "expected_level": "consultation"}


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as raised:
        ValidationLine.model_validate(data)
    return problems(raised.value, "is not a key of a validation case")


def test_a_validation_line_has_exactly_the_read_and_the_note_keys() -> None:
    assert set(ValidationLine.model_fields) == set(READ_KEYS) | set(NOTE_KEYS)


def test_a_good_line_gives_its_levels_and_condition() -> None:
    line = ValidationLine.model_validate(
        {**LINE, "acceptable_levels": ["consultation_24", "consultation"], "condition": "other"}
    )
    assert line.expected_level is Level.CONSULTATION
    assert line.acceptable == {Level.CONSULTATION, Level.CONSULTATION_24}
    assert line.condition == "other"
    assert ValidationLine.model_validate(LINE).acceptable == {Level.CONSULTATION}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({**LINE, "expect": 1}, [("expect", "is not a key of a validation case")]),
        ({"intake": {}}, [("id", "is required"), ("expected_level", "is required")]),
        ({**LINE, "id": " "}, [("id", "must be a non-empty string")]),
        ({**LINE, "id": 7}, [("id", "must be a non-empty string")]),
        ({**LINE, "expected_level": "soon"}, [("expected_level", "'soon' is not a level")]),
        (
            {**LINE, "acceptable_levels": "consultation"},
            [("acceptable_levels", "must be a non-empty list")],
        ),
        ({**LINE, "acceptable_levels": []}, [("acceptable_levels", "must be a non-empty list")]),
        (
            {**LINE, "acceptable_levels": ["consultation", 3]},
            [("acceptable_levels.1", "3 is not a level")],
        ),
        (
            {**LINE, "acceptable_levels": ["self_care"]},
            [("acceptable_levels", "must include expected_level 'consultation'")],
        ),
        ({**LINE, "condition": "pht"}, [("condition", "'pht' is not a condition id or 'other'")]),
    ],
)
def test_each_problem_is_named_by_its_field_in_the_projects_words(
    data: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    found = _problems(data)
    assert [field for field, _ in found] == [field for field, _ in expected]
    for (_, message), (_, start) in zip(found, expected, strict=True):
        assert message.startswith(start)


def test_a_bad_expected_level_is_not_also_reported_as_missing_from_the_acceptable_ones() -> None:
    found = _problems({**LINE, "expected_level": "soon", "acceptable_levels": ["consultation"]})
    assert [field for field, _ in found] == ["expected_level"]


def test_a_named_case_is_named_by_name_else_by_id_and_other_keys_are_left_to_their_readers() -> (
    None
):
    case = NamedCase.model_validate({"name": "x", "description": "d", "expect": {}, "intake": {}})
    assert (case.label, case.intake) == ("x", {})
    assert NamedCase.model_validate({**LINE, "citation": {}}).label == "a"
    assert NamedCase.model_validate({"intake": {"age": 3}}).label is None


def test_a_named_cases_empty_name_is_a_problem_of_that_field() -> None:
    with pytest.raises(ValidationError) as raised:
        NamedCase.model_validate({"name": "", "intake": {}})
    assert problems(raised.value, "") == [("name", "must be a non-empty string")]


def test_a_case_files_blank_lines_are_skipped_and_the_others_numbered(tmp_path: Path) -> None:
    file = tmp_path / "cases.jsonl"
    file.write_text('{"a": 1}\n\n{"b": 2}\n', encoding="utf-8")
    assert list(file_lines(file)) == [(1, '{"a": 1}'), (3, '{"b": 2}')]
