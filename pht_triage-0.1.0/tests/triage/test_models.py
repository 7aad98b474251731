"""The intake model: the contract's vocabulary, types and ranges, with errors that name the field."""

from __future__ import annotations

from typing import Any

import pytest

from rules.vocabulary import QUESTIONS, Kind, Q
from triage import IntakeError, assess, parse_intake
from triage.models import Intake


def problems(data: Any) -> dict[str, str]:
    with pytest.raises(IntakeError) as caught:
        parse_intake(data)
    return {problem.path: problem.message for problem in caught.value.problems}


def test_every_question_of_the_contract_is_an_answer_field() -> None:
    assert set(Intake.model_fields["answers"].annotation.model_fields) == {q.value for q in Q}  # type: ignore[union-attr]


def test_a_mistyped_question_id_is_rejected_with_the_nearest_valid_id() -> None:
    found = problems({"answers": {"sit_bone_pian": "yes"}})
    assert "did you mean 'sit_bone_pain'" in found["answers.sit_bone_pian"]


def test_an_unrecognisable_question_id_is_rejected_without_a_wild_guess() -> None:
    found = problems({"answers": {"zzzz": "yes"}})
    assert found["answers.zzzz"] == "'zzzz' is not a question id"


def test_a_wrong_type_is_rejected_naming_the_field() -> None:
    assert "answers.sitting_pain" in problems({"answers": {"sitting_pain": True}})
    assert "answers.duration_weeks" in problems({"answers": {"duration_weeks": "eight"}})
    assert "age" in problems({"age": "34"})


def test_an_out_of_range_number_is_rejected_with_its_range() -> None:
    found = problems({"answers": {"pain_severity": 11}})
    assert found["answers.pain_severity"] == "11 is out of range: expected a number from 0 to 10"
    assert "age" in problems({"age": 121})
    assert "answers.duration_weeks" in problems({"answers": {"duration_weeks": -1}})


def test_booleans_are_not_numbers() -> None:
    assert "answers.pain_severity" in problems({"answers": {"pain_severity": True}})


def test_every_bad_field_is_reported_at_once() -> None:
    found = problems({"age": -1, "answers": {"sitting_pain": "maybe", "x": "yes"}})
    assert set(found) == {"age", "answers.sitting_pain", "answers.x"}


def test_unknown_top_level_fields_are_rejected_not_dropped() -> None:
    assert "nickname" in problems({"nickname": "Sam"})


def test_a_question_sent_outside_answers_is_rejected() -> None:
    found = problems({"sit_bone_pain": "yes"})
    assert found["sit_bone_pain"] == "'sit_bone_pain' is a question: send it inside 'answers'"


def test_an_intake_must_be_an_object() -> None:
    assert problems([1, 2]) == {"(body)": "expected an object, got list"}


def test_unknown_and_missing_mean_the_same() -> None:
    sent_unknown = parse_intake({"answers": {"night_pain": "unknown", "duration_weeks": "unknown"}})
    left_out = parse_intake({"answers": {}})
    assert sent_unknown == left_out
    assert sent_unknown.answer(Q.NIGHT_PAIN) is None


@pytest.mark.parametrize("age", ["unknown", None])
def test_age_and_sex_take_unknown_like_every_other_question(age: object) -> None:
    intake = parse_intake({"age": age, "sex": "unknown", "answers": {}})
    assert intake.age is None
    assert {"age", "sex"} <= intake.model_fields_set  # sent, so counted as asked by the interview


@pytest.mark.parametrize(
    ("age", "message"),
    [
        ("old", "expected whole years from 0 to 120, or 'unknown'"),
        (34.5, "expected whole years from 0 to 120, or 'unknown'"),
        (True, "expected whole years from 0 to 120, or 'unknown'"),
        ("34", "expected whole years from 0 to 120, or 'unknown'"),
        (121, "121 is out of range: expected whole years from 0 to 120, or 'unknown'"),
    ],
)
def test_a_bad_age_is_rejected_naming_the_field_and_what_it_takes(
    age: object, message: str
) -> None:
    assert problems({"age": age}) == {"age": message}


def test_a_whole_float_age_is_read_as_whole_years() -> None:
    assert parse_intake({"age": 34.0}).age == 34


def test_an_item_for_one_sex_applies_only_when_the_sex_allows_it() -> None:
    cyclical = QUESTIONS[Q.CYCLICAL_PAIN]
    assert not cyclical.applies_to("male")
    assert all(cyclical.applies_to(sex) for sex in ("female", "other", "unknown", None))
    assert all(q.applies_to("male") for q in QUESTIONS.values() if q.id is not Q.CYCLICAL_PAIN)


def test_known_answers_are_returned_in_questionnaire_order() -> None:
    intake = parse_intake(
        {"answers": {"pain_severity": 4, "saddle_numbness": "no", "sit_bone_pain": "yes"}}
    )
    assert list(intake.known()) == [Q.SADDLE_NUMBNESS, Q.SIT_BONE_PAIN, Q.PAIN_SEVERITY]


def test_numbers_at_the_ends_of_their_range_are_accepted() -> None:
    for question in QUESTIONS.values():
        if question.kind is Kind.NUMBER:
            assert question.minimum is not None and question.maximum is not None
            for value in (question.minimum, question.maximum):
                assert (
                    parse_intake({"answers": {question.id.value: value}}).answer(question.id)
                    == value
                )


def test_with_answers_adds_and_clears_answers() -> None:
    intake = parse_intake({"age": 30, "answers": {"sit_bone_pain": "yes"}})
    changed = intake.with_answers(sitting_pain="no", sit_bone_pain="unknown")
    assert changed.known() == {Q.SITTING_PAIN: "no"}
    assert changed.age == 30


def test_answers_must_be_an_object_when_sent() -> None:
    assert "answers" in problems({"answers": None})
    assert "answers" in problems({"answers": ["sit_bone_pain"]})


def test_sex_unknown_and_sex_left_out_give_the_same_assessment() -> None:
    answers = {"cyclical_pain": "yes", "sit_bone_pain": "yes"}
    assert assess({"sex": "unknown", "answers": answers}) == assess({"answers": answers})
