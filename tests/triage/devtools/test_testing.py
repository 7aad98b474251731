"""`triage.devtools.testing`: its strategies keep their promises and its checks catch broken assessments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings

from rules.scale import Level
from rules.vocabulary import RED_FLAG_QUESTIONS, YES, Q
from triage import assess
from triage.devtools import testing
from triage.models import Assessment, Intake

FEW = settings(max_examples=25, deadline=None)

SCREEN_NO = {q.value: "no" for q in RED_FLAG_QUESTIONS}


@FEW
@given(testing.intakes())
def test_intakes_are_valid_contract_intakes(intake: dict[str, Any]) -> None:
    assert isinstance(assess(intake), Assessment)


@FEW
@given(testing.full_intakes())
def test_full_intakes_answer_every_question_and_give_age_and_sex(intake: dict[str, Any]) -> None:
    assert set(intake["answers"]) == {q.value for q in Q}
    assert "unknown" not in intake["answers"].values()
    assert intake["age"] is not None
    assert intake["sex"] is not None


@FEW
@given(testing.sparse_intakes(max_answers=3))
def test_sparse_intakes_answer_at_most_the_given_number(intake: dict[str, Any]) -> None:
    assert len(intake["answers"]) <= 3


@FEW
@given(testing.intakes_with_red_flags())
def test_intakes_with_red_flags_raise_a_red_flag(intake: dict[str, Any]) -> None:
    assert assess(intake).red_flags


@FEW
@given(testing.intakes_without_red_flags())
def test_intakes_without_red_flags_have_a_complete_screen_and_no_flag(
    intake: dict[str, Any],
) -> None:
    assessment = assess(intake)
    assert assessment.red_flags == []
    assert assessment.red_flag_screen.complete


@FEW
@given(testing.intakes_without_red_flags(complete_screen=False))
def test_intakes_without_red_flags_may_leave_the_screen_open(intake: dict[str, Any]) -> None:
    assert assess(intake).red_flags == []


def test_without_red_flags_breaks_a_flag_that_reads_no_screen_question() -> None:
    intake = {"answers": {**SCREEN_NO, "sudden_onset": "yes", "felt_pop": "yes"}}
    assert assess(testing.without_red_flags(intake)).red_flags == []


def test_supporting_findings_all_raise_the_likelihood_when_yes() -> None:
    base = assess({"answers": {}}).likelihood.probability
    for question in testing.SUPPORTING_FINDINGS:
        assert assess({"answers": {question.value: "yes"}}).likelihood.probability > base


@FEW
@given(testing.intakes(), testing.red_flag_questions())
def test_a_red_flag_answer_never_lowers_the_level(intake: dict[str, Any], question: Q) -> None:
    testing.check_adding_red_flag_never_less_urgent(intake, question)


@FEW
@given(testing.intakes(), testing.supporting_findings())
def test_a_supporting_yes_never_lowers_the_likelihood(intake: dict[str, Any], question: Q) -> None:
    testing.check_likelihood_monotone(intake, question)


@settings(max_examples=5, deadline=None)
@given(testing.intakes())
def test_check_safety_passes_on_the_rule_base(intake: dict[str, Any]) -> None:
    testing.check_safety(intake)


def test_check_safety_accepts_an_intake_model() -> None:
    testing.check_safety(Intake(age=30, answers={"sit_bone_pain": "yes"}))


# --- Each check fails on an assessment that breaks its rule -----------------------------------


def _with_level(assessment: Assessment, level: Level) -> Assessment:
    triage = assessment.triage.model_copy(update={"level": level})
    return assessment.model_copy(update={"triage": triage})


def test_red_flag_floor_rejects_a_level_below_a_red_flag() -> None:
    intake = {"answers": {"saddle_numbness": "yes"}}
    lowered = _with_level(assess(intake), Level.CONSULTATION)
    with pytest.raises(AssertionError, match="safety rule 1: level consultation"):
        testing.check_red_flag_floor(intake, lowered)


def test_red_flag_floor_rejects_a_missed_red_flag() -> None:
    intake = {"answers": {"saddle_numbness": "yes"}}
    missed = assess(intake).model_copy(update={"red_flags": []})
    with pytest.raises(AssertionError, match="red flags missed: saddle_numbness"):
        testing.check_red_flag_floor(intake, missed)


Rewrite = Callable[[Any, Assessment], Assessment]


def _fake_assess(rewrite: Rewrite) -> Callable[[Any], Assessment]:
    def fake(intake: Any) -> Assessment:
        return rewrite(intake, assess(intake))

    return fake


def test_adding_red_flag_check_fails_when_the_level_drops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def rewrite(intake: Any, assessment: Assessment) -> Assessment:
        if intake["answers"].get("night_pain") == YES:
            return assessment.model_copy(update={"red_flags": []})
        return _with_level(assessment, Level.CONSULTATION_24)

    monkeypatch.setattr(testing, "assess", _fake_assess(rewrite))
    with pytest.raises(AssertionError, match="safety rule 2"):
        testing.check_adding_red_flag_never_less_urgent({"answers": {}}, Q.NIGHT_PAIN)


def test_interview_check_fails_when_it_stops_before_the_screen() -> None:
    with pytest.raises(AssertionError, match="safety rule 3"):
        testing.check_interview_screens_red_flags({"answers": {}}, lambda intake: None)


def test_interview_check_lets_an_interview_stop_at_an_emergency() -> None:
    intake = {"answers": {"saddle_numbness": "yes"}}
    testing.check_interview_screens_red_flags(intake, lambda _: None)


def test_interview_check_lets_an_interview_stop_after_the_screen() -> None:
    testing.check_interview_screens_red_flags({"answers": SCREEN_NO}, lambda _: None)


def test_interview_check_passes_while_the_interview_goes_on() -> None:
    testing.check_interview_screens_red_flags({"answers": {}}, lambda _: Q.SADDLE_NUMBNESS)


def test_interview_check_uses_the_projects_interview_by_default() -> None:
    intakes: list[dict[str, Any]] = [
        {"answers": {}},
        {"answers": SCREEN_NO},
        {"answers": {"saddle_numbness": "yes"}},
    ]
    for intake in intakes:
        testing.check_interview_screens_red_flags(intake)


def test_unknown_check_fails_when_an_open_screen_gets_self_care(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        testing, "assess", _fake_assess(lambda _, a: _with_level(a, Level.SELF_CARE))
    )
    with pytest.raises(AssertionError, match="self_care was advised"):
        testing.check_unknown_is_not_no({"answers": {}})


def test_unknown_check_fails_when_unknown_differs_from_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def rewrite(intake: Any, assessment: Assessment) -> Assessment:
        if "unknown" in intake["answers"].values():
            return _with_level(assessment, Level.EMERGENCY)
        return assessment

    monkeypatch.setattr(testing, "assess", _fake_assess(rewrite))
    with pytest.raises(AssertionError, match='answering "unknown" gave a different'):
        testing.check_unknown_is_not_no({"answers": {"sit_bone_pain": "yes"}})


def test_order_check_fails_when_the_order_matters(monkeypatch: pytest.MonkeyPatch) -> None:
    def rewrite(intake: Any, assessment: Assessment) -> Assessment:
        if next(iter(intake["answers"])) == "sit_bone_pain":
            return assessment
        return _with_level(assessment, Level.EMERGENCY)

    monkeypatch.setattr(testing, "assess", _fake_assess(rewrite))
    with pytest.raises(AssertionError, match="safety rule 5"):
        testing.check_order_independent({"answers": {"sit_bone_pain": "yes", "back_pain": "no"}})


def test_monotone_check_fails_when_yes_lowers_the_likelihood(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def rewrite(intake: Any, assessment: Assessment) -> Assessment:
        if intake["answers"].get("sitting_pain") != "yes":
            return assessment
        likelihood = assessment.likelihood.model_copy(update={"probability": 0.0})
        return assessment.model_copy(update={"likelihood": likelihood})

    monkeypatch.setattr(testing, "assess", _fake_assess(rewrite))
    with pytest.raises(AssertionError, match="safety rule 6: sitting_pain=yes"):
        testing.check_likelihood_monotone({"answers": {}}, Q.SITTING_PAIN)


def test_monotone_check_refuses_a_question_that_is_not_a_supporting_finding() -> None:
    with pytest.raises(ValueError, match="below_knee_pain is not a finding"):
        testing.check_likelihood_monotone({"answers": {}}, Q.BELOW_KNEE_PAIN)


def test_documented_check_fails_on_a_rule_outside_the_catalogue() -> None:
    assessment = assess({"answers": {"sit_bone_pain": "yes"}})
    explanation = assessment.explanation.model_copy(update={"fired_rules": ["made_up_rule"]})
    broken = assessment.model_copy(update={"explanation": explanation})
    with pytest.raises(AssertionError, match="made_up_rule fired but is not in the catalogue"):
        testing.check_rules_documented(broken)


def test_documented_check_fails_on_a_cited_rule_that_did_not_fire() -> None:
    assessment = assess({"answers": {"sit_bone_pain": "yes"}})
    explanation = assessment.explanation.model_copy(update={"fired_rules": []})
    broken = assessment.model_copy(update={"explanation": explanation})
    with pytest.raises(AssertionError, match="likelihood_sit_bone_pain_yes"):
        testing.check_rules_documented(broken)
