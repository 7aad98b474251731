"""A patient's conversation (contract §6): grouped questions, few turns, only what applies.

The turn counts play every scenario and published vignette of `tests/cases` as a chatbot would
(`triage.devtools.turns`, the figures `triage turns` prints); the properties play generated answer
sheets through every style of conversation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.vocabulary import QUESTIONS, RED_FLAG_QUESTIONS, Audience, Group, Q
from triage import next_step
from triage.assessment.pipeline import NOT_EXAMINED
from triage.devtools import testing
from triage.devtools.cases import load_cases
from triage.devtools.conversation import play_interview
from triage.devtools.turns import STYLES, Style, StyleReport, measure
from triage.interview.groups import GROUPINGS, REPEAT_GROUP, QuestionGroup, grouping_of
from triage.interview.next_question import InterviewStep, StopReason, not_asked_of
from triage.interview.questionnaire import items

CASES = Path(__file__).parents[2] / "cases"
EXAMINATION = frozenset(
    q.value for q, question in QUESTIONS.items() if question.group is Group.EXAMINATION
)
SCREEN = tuple(q.value for q in RED_FLAG_QUESTIONS)
PATIENT_GROUPED = Style(Audience.PATIENT, grouped=True)
MOST_TURNS = len(GROUPINGS) + 1 + len(RED_FLAG_QUESTIONS)
"""A bound on a grouped conversation's turns: each group once, the repeat group, and in an
emergency the questions that decide on an ambulance, one at a time."""


@pytest.fixture(scope="module")
def reports() -> dict[Style, StyleReport]:
    cases = load_cases(CASES / "scenarios") + load_cases(CASES / "vignettes")
    return {report.style: report for report in measure(cases, STYLES)}


def test_a_patients_grouped_conversation_takes_at_most_twelve_turns_on_average(
    reports: dict[Style, StyleReport],
) -> None:
    report = reports[PATIENT_GROUPED]
    print(f"\n{PATIENT_GROUPED.name}: {report.as_dict()}")
    assert len(report.played) >= 50
    assert report.mean <= 12


def test_every_conversation_reaches_the_level_of_the_full_form_without_examination(
    reports: dict[Style, StyleReport],
) -> None:
    for style, report in reports.items():
        assert not report.missed, (
            style.name,
            [(p.case, p.level, p.full_level) for p in report.missed],
        )


def test_i_dont_know_to_everything_takes_at_most_thirty_grouped_turns(
    reports: dict[Style, StyleReport],
) -> None:
    assert reports[PATIENT_GROUPED].all_unknown_turns <= 30


def test_grouped_conversations_take_fewer_turns_than_one_item_a_turn(
    reports: dict[Style, StyleReport],
) -> None:
    for audience in Audience:
        grouped, single = reports[Style(audience, True)], reports[Style(audience, False)]
        assert grouped.mean < single.mean / 2, audience


def _step(answers: dict[str, Any], **conversation: Any) -> InterviewStep:
    return next_step({"answers": answers, **conversation})


def test_the_warning_sign_screen_comes_first_in_at_most_four_groups_each_answerable_by_a_patient() -> (
    None
):
    request: dict[str, Any] = {"answers": {}, "grouped": True}
    groups = []
    while True:
        step = next_step(request)
        asked = [item.id for item in step.items()]
        if not set(asked) <= set(SCREEN):
            break
        assert isinstance(step.question, QuestionGroup)
        groups.append(step.question.id)
        for item in step.items():
            request["answers"][item.id] = "no"
    assert len(groups) <= 4
    assert sorted(q for g in groups for q in grouping_of() if grouping_of()[q].id == g) == sorted(
        SCREEN
    )


def test_every_item_is_in_exactly_one_group_with_its_own_words() -> None:
    ids = [member for grouping in GROUPINGS for member in grouping.members]
    assert sorted(ids) == sorted(item.id for item in items())
    assert all(item.label for item in items())


def test_a_group_item_keeps_its_own_id_field_kind_and_text() -> None:
    step = _step({}, grouped=True)
    assert isinstance(step.question, QuestionGroup)
    assert step.question.kind == "group" and step.question.text and step.question.why
    for item in step.question.items:
        assert item.field == f"answers.{item.id}" and item.kind == "yes_no" and item.text


def test_without_grouped_a_client_gets_one_item_a_turn_as_before() -> None:
    request: dict[str, Any] = {"answers": {}}
    for _ in range(len(items()) * 2):
        step = next_step(request)
        if step.question is None:
            break
        assert not isinstance(step.question, QuestionGroup)
        (item,) = step.items()
        request["answers"][item.id] = "unknown"


def test_none_of_these_is_no_to_each_and_an_item_left_unanswered_is_asked_once_more() -> None:
    answers = dict.fromkeys(SCREEN, "no")
    answers["night_pain"] = answers["weight_loss"] = "unknown"
    step = _step(answers, grouped=True)
    assert isinstance(step.question, QuestionGroup) and step.question.id == REPEAT_GROUP
    assert step.repeat and step.question.repeat
    assert [i.field for i in step.items()] == [
        "second_answers.weight_loss",
        "second_answers.night_pain",
    ]
    again = next_step(
        {
            "answers": answers,
            "grouped": True,
            "second_answers": {"weight_loss": "no", "night_pain": "unknown"},
        }
    )
    assert not {i.id for i in again.items()} & {"night_pain", "weight_loss"}
    assert again.assessment is not None
    assert again.assessment.red_flag_screen.unanswered == [Q.NIGHT_PAIN]


def test_a_warning_sign_ticked_in_a_group_counts_at_once() -> None:
    answers = {
        "saddle_numbness": "yes",
        "bladder_bowel_change": "no",
        "both_legs_symptoms": "no",
        "leg_weakness_worsening": "no",
    }
    step = _step(answers, grouped=True)
    assert step.triage.level.is_emergency()


def test_a_patient_is_never_asked_an_examination_item_and_gets_one_reason_for_them() -> None:
    answers = dict.fromkeys(SCREEN, "no") | {"sit_bone_pain": "yes", "sitting_pain": "yes"}
    patient = _step(answers)
    assert patient.assessment is not None
    assert not EXAMINATION & {q.value for q in patient.assessment.explanation.unanswered}
    assert patient.assessment.triage.reasons.count(NOT_EXAMINED) == 1
    clinician = _step(answers, audience="clinician")
    assert clinician.assessment is not None
    assert NOT_EXAMINED not in clinician.assessment.triage.reasons


def test_a_clinician_is_asked_examination_items_after_what_a_person_can_answer() -> None:
    sheet = {
        "answers": dict.fromkeys(SCREEN, "no") | {"sit_bone_pain": "yes", "sitting_pain": "yes"}
    }
    for grouped in (False, True):
        asked = play_interview(
            sheet, conversation={"audience": "clinician", "grouped": grouped}
        ).asked
        after_screen = [item for item in asked if item not in SCREEN]
        assert EXAMINATION & set(after_screen), "a clinician was never asked an examination item"
        assert after_screen[0] not in EXAMINATION


def test_the_menstrual_cycle_is_asked_of_women_and_when_the_sex_is_unknown_never_of_men() -> None:
    cases = load_cases(CASES / "scenarios") + load_cases(CASES / "vignettes")
    asked_of: dict[str | None, int] = {}
    for case in cases:
        answers = {q.value: getattr(v, "value", v) for q, v in case.intake.known().items()}
        for sex in ("female", "male", "unknown", None):
            for grouped in (True, False):
                played = play_interview(
                    {"sex": sex, "answers": answers}, conversation={"grouped": grouped}
                )
                asked_of[sex] = asked_of.get(sex, 0) + ("cyclical_pain" in played.asked)
    assert asked_of["male"] == 0
    assert asked_of["female"] > 0 and asked_of["unknown"] > 0 and asked_of[None] > 0


def test_items_that_do_not_apply_are_never_asked() -> None:
    assert not_asked_of(Audience.PATIENT, "male") == EXAMINATION | {"cyclical_pain"}
    assert not_asked_of(Audience.PATIENT, "female") == EXAMINATION
    assert not_asked_of(Audience.CLINICIAN, "unknown") == frozenset()
    assert not_asked_of(Audience.CLINICIAN, None) == frozenset()


def test_the_same_grouped_request_gets_the_same_step() -> None:
    request = {"answers": {"saddle_numbness": "unknown"}, "grouped": True}
    assert next_step(request) == next_step(request)


_STYLES = st.sampled_from(
    [{"grouped": g, "audience": a.value} for g in (True, False) for a in Audience]
)


@settings(max_examples=40)
@given(testing.answer_sheets(), _STYLES)
def test_any_way_of_answering_any_style_ends_safely_and_never_less_urgent_than_the_full_form(
    sheet: dict[str, Any], conversation: dict[str, Any]
) -> None:
    played = testing.check_interview_ends_safely(sheet, conversation=conversation)
    if conversation["grouped"]:
        assert played.turns <= MOST_TURNS


@settings(max_examples=20)
@given(testing.full_intakes())
def test_a_patients_grouped_conversation_of_a_full_intake_ends_safely(full: dict[str, Any]) -> None:
    played = testing.check_interview_ends_safely(full, conversation={"grouped": True})
    assert played.turns <= MOST_TURNS


@settings(max_examples=10)
@given(testing.all_unknown_sheets(), _STYLES)
def test_i_dont_know_to_everything_ends_incomplete_in_every_style(
    sheet: dict[str, Any], conversation: dict[str, Any]
) -> None:
    played = testing.check_interview_ends_safely(sheet, conversation=conversation)
    assert played.last.stop_reason is StopReason.SCREEN_INCOMPLETE
    if conversation["grouped"]:
        assert played.turns <= 30
