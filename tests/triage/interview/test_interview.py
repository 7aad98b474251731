"""The interview: red-flag screen first, emergencies stop it, and a short conversation reaches the full form's level.

The chatbot tests play every clinical scenario of `tests/cases/scenarios`: the chatbot answers each
question from the scenario's full intake ("unknown" for what the intake leaves out) until the
interview stops, or until it asks again something the chatbot has no new answer to.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from hypothesis import assume, given, settings

from rules.patterns import candidate_values
from rules.scale import Level
from rules.vocabulary import RED_FLAG_QUESTIONS, YES, Audience, Q
from tests.scenarios import Scenario, load_scenarios
from triage import IntakeError, assess, next_question, next_step
from triage.devtools import testing
from triage.interview.next_question import InterviewStep, StopReason, not_asked_of
from triage.interview.questionnaire import Item, items
from triage.texts import question_texts

SCENARIOS = load_scenarios()
FULL_FORM = len(items())
"""The full form: age, sex and every question."""


@dataclass(frozen=True, slots=True)
class Conversation:
    """What a chatbot asked, what it sent at the end, and the interview's last step."""

    asked: tuple[str, ...]
    intake: dict[str, Any]
    last: InterviewStep


def answer_from(full: dict[str, Any], item: str) -> Any:
    if item in ("age", "sex"):
        return full.get(item)
    return full.get("answers", {}).get(item, "unknown")


def send(intake: dict[str, Any], item: str, value: Any) -> None:
    if item in ("age", "sex"):
        intake[item] = value
    else:
        intake["answers"][item] = value


def record(request: dict[str, Any], field: str, value: Any) -> None:
    """Put an answer where the question's `field` says, as a chatbot following the protocol does."""
    *parents, name = field.split(".")
    target = request
    for parent in parents:
        target = target.setdefault(parent, {})
    target[name] = value


@cache
def conversation(name: str) -> Conversation:
    return play(next(s for s in SCENARIOS if s.name == name).intake)


def play(full: dict[str, Any]) -> Conversation:
    """A chatbot answering every question from a full intake until the interview stops.

    It talks with a clinician, one item a turn (as every client did before audiences and
    groups), so that every item of the full intake can be asked; a patient's conversations are
    in `test_conversation.py`.
    """
    intake: dict[str, Any] = {"answers": {}, "audience": "clinician"}
    asked: list[str] = []
    while True:
        step = next_step(intake)
        question = step.question
        if question is None or asked.count(question.id) >= 2:
            return Conversation(tuple(asked), _without_conversation(intake), step)
        assert isinstance(question, Item), "a group, although the request did not ask for groups"
        asked.append(question.id)
        record(intake, question.field, answer_from(full, question.id))


def _without_conversation(request: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in request.items() if k != "audience"}


def only_item(step: InterviewStep) -> Item:
    """The one item a step asks (a request without `grouped` never gets a group)."""
    (item,) = step.items()
    return item


@pytest.fixture(params=SCENARIOS, ids=[s.name for s in SCENARIOS])
def scenario(request: pytest.FixtureRequest) -> Scenario:
    found: Scenario = request.param
    return found


def test_the_chatbot_plays_every_clinical_scenario() -> None:
    assert len(SCENARIOS) >= 11


def test_a_chatbot_interview_asks_every_red_flag_question_unless_an_emergency_stops_it(
    scenario: Scenario,
) -> None:
    played = conversation(scenario.name)
    if played.last.stop_reason is StopReason.EMERGENCY:
        assert played.last.triage.level.is_emergency()
    else:
        assert {q.value for q in RED_FLAG_QUESTIONS} <= set(played.asked)
        first = played.asked[: len(RED_FLAG_QUESTIONS)]
        assert first == tuple(q.value for q in RED_FLAG_QUESTIONS)


def test_a_chatbot_interview_reaches_the_triage_level_of_the_full_assessment(
    scenario: Scenario,
) -> None:
    played = conversation(scenario.name)
    assert played.last.triage.level is assess(scenario.intake).triage.level


def test_a_chatbot_interview_reaches_the_likelihood_band_of_the_full_assessment_unless_an_emergency(
    scenario: Scenario,
) -> None:
    played = conversation(scenario.name)
    if played.last.assessment is not None:
        full = assess(scenario.intake)
        assert played.last.assessment.likelihood.band is full.likelihood.band


def test_a_chatbot_interview_asks_fewer_questions_than_the_full_form(scenario: Scenario) -> None:
    assert len(conversation(scenario.name).asked) < FULL_FORM


def test_the_mean_number_of_questions_a_chatbot_interview_asks_is_reported() -> None:
    counts = {s.name: len(conversation(s.name).asked) for s in SCENARIOS}
    mean = sum(counts.values()) / len(counts)
    print(
        f"\ninterview: mean {mean:.1f} questions asked over {len(counts)} scenarios "
        f"(full form: {FULL_FORM} items); "
        + ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
    )
    assert mean < FULL_FORM


def test_a_settled_interview_has_no_single_remaining_answer_that_changes_level_or_band(
    scenario: Scenario,
) -> None:
    played = conversation(scenario.name)
    if played.last.stop_reason is not StopReason.SETTLED:
        return
    before = assess(played.intake)
    never = not_asked_of(Audience.CLINICIAN, played.intake.get("sex"))
    for item in (i.id for i in items() if i.id not in played.last.asked and i.id not in never):
        for value in candidate_values(item):
            trial = {**played.intake, "answers": dict(played.intake["answers"])}
            send(trial, item, value)
            after = assess(trial)
            assert after.triage.level is before.triage.level, (item, value)
            assert after.likelihood.band is before.likelihood.band, (item, value)


def test_the_first_question_is_the_first_of_the_red_flag_screen() -> None:
    assert next_question({}) == RED_FLAG_QUESTIONS[0].value


def test_the_red_flag_screen_is_asked_in_the_contract_order() -> None:
    intake: dict[str, Any] = {"answers": {}}
    for question in RED_FLAG_QUESTIONS:
        assert next_question(intake) == question.value
        intake["answers"][question.value] = "no"
    assert next_question(intake) not in {q.value for q in RED_FLAG_QUESTIONS}


def test_an_emergency_stops_the_interview_at_once_with_the_triage_alone() -> None:
    step = next_step({"answers": {"saddle_numbness": "yes", "breathless_or_chest_pain": "no"}})
    assert step.should_stop and step.stop_reason is StopReason.EMERGENCY
    assert step.question is None
    assert step.assessment is None
    assert step.triage.level.is_emergency()
    assert [flag.id for flag in step.red_flags] == ["saddle_numbness"]


def test_an_emergency_asks_on_only_while_answers_could_still_call_an_ambulance() -> None:
    step = next_step({"answers": {"saddle_numbness": "yes"}})
    assert step.question is not None and step.question.id == "breathless_or_chest_pain"
    assert step.assessment is None and step.triage.level.is_emergency()
    assert "ambulance" in step.reason


def test_an_emergency_asks_a_warning_sign_left_unknown_again_if_it_could_call_an_ambulance() -> (
    None
):
    request = {"answers": {"saddle_numbness": "yes", "breathless_or_chest_pain": "unknown"}}
    step = next_step(request)
    item = only_item(step)
    assert item.id == "breathless_or_chest_pain"
    assert step.repeat and item.field == "second_answers.breathless_or_chest_pain"
    request["second_answers"] = {"breathless_or_chest_pain": "unknown"}
    assert next_step(request).stop_reason is StopReason.EMERGENCY


def test_an_emergency_asks_only_the_questions_that_could_call_an_ambulance() -> None:
    step = next_step({"answers": {"saddle_numbness": "yes"}})
    assert step.question is not None and step.question.id == "breathless_or_chest_pain"
    assert step.assessment is None
    chest = next_step({"answers": {"saddle_numbness": "yes", "breathless_or_chest_pain": "yes"}})
    assert chest.should_stop and chest.triage.level.value == "emergency_ambulance"
    calm = next_step({"answers": {"saddle_numbness": "yes", "breathless_or_chest_pain": "no"}})
    assert calm.should_stop and calm.triage.level.value == "emergency"


def test_breathlessness_or_chest_pain_calls_an_ambulance_at_once() -> None:
    # Clinical facts §4.2 and §9.16: the symptoms of a pulmonary embolism, in a person whose leg
    # or buttock already hurts, call an ambulance; nothing is asked after them.
    step = next_step({"answers": {"breathless_or_chest_pain": "yes"}})
    assert step.should_stop and step.question is None
    assert step.triage.level.value == "emergency_ambulance"


def test_an_answer_sent_as_unknown_counts_as_asked() -> None:
    first = RED_FLAG_QUESTIONS[0].value
    assert next_question({"answers": {first: "unknown"}}) == RED_FLAG_QUESTIONS[1].value
    assert next_question({"answers": {first: None}}) == RED_FLAG_QUESTIONS[1].value


def _screen_with_unknown(question: str) -> dict[str, Any]:
    screen: dict[str, Any] = {q.value: "no" for q in RED_FLAG_QUESTIONS}
    screen[question] = "unknown"
    return {"age": 40, "sex": "male", "answers": screen}


def test_a_red_flag_answered_unknown_is_asked_once_more_right_after_the_screen() -> None:
    last = RED_FLAG_QUESTIONS[-1]
    step = next_step(_screen_with_unknown(last.value))
    item = only_item(step)
    assert item.id == last.value
    assert step.repeat is True
    assert item.field == f"second_answers.{last.value}"
    texts = question_texts()[last]
    assert (item.text, item.why) == (texts.repeat, texts.repeat_why)
    assert step.should_stop is False


def test_every_red_flag_question_has_a_repeat_text_saying_i_dont_know_is_acceptable() -> None:
    texts = question_texts()
    for question in RED_FLAG_QUESTIONS:
        text = texts[question]
        assert text.repeat and "I don't know" in text.repeat, question
        assert text.repeat_why and text.repeat_why != text.why, question
        assert text.sign, question


def test_a_red_flag_unknown_twice_is_never_asked_a_third_time_and_the_interview_ends() -> None:
    last = RED_FLAG_QUESTIONS[-1].value
    request = _screen_with_unknown(last)
    asked: list[str] = []
    for _ in range(len(items()) + len(RED_FLAG_QUESTIONS)):
        step = next_step(request)
        if step.question is None:
            break
        item = only_item(step)
        asked.append(item.id)
        record(request, item.field, "unknown")
    else:
        pytest.fail("the interview did not end")
    assert asked.count(last) == 1
    assert step.stop_reason is StopReason.SCREEN_INCOMPLETE
    assert step.asked_twice == (last,)
    assert step.triage.level is not Level.SELF_CARE
    sign = question_texts()[Q(last)].sign
    assert sign is not None
    assert any(sign in reason for reason in step.triage.reasons)


def test_a_repeated_question_answered_yes_counts_as_the_red_flag() -> None:
    request = {
        "answers": {"saddle_numbness": "unknown"},
        "second_answers": {"saddle_numbness": "yes"},
    }
    step = next_step(request)
    assert step.triage.level.is_emergency()
    assert [flag.id for flag in step.red_flags] == ["saddle_numbness"]


@pytest.mark.parametrize(("first", "second"), [("yes", "no"), ("no", "yes")])
def test_when_the_two_answers_to_a_warning_sign_disagree_the_yes_counts(
    first: str, second: str
) -> None:
    step = next_step({"answers": {"night_pain": first}, "second_answers": {"night_pain": second}})
    assert [flag.id for flag in step.red_flags] == ["night_pain"]


def test_only_a_red_flag_question_can_have_a_second_answer() -> None:
    with pytest.raises(IntakeError) as raised:
        next_step({"answers": {}, "second_answers": {"sit_bone_pain": "yes"}})
    assert [p.path for p in raised.value.problems] == ["second_answers.sit_bone_pain"]


def test_the_same_request_gets_the_same_step() -> None:
    request = {"answers": {"saddle_numbness": "unknown"}, "second_answers": {}}
    assert next_step(request) == next_step(request)


def test_after_the_screen_a_question_that_could_raise_the_level_comes_first() -> None:
    screen = {q.value: "no" for q in RED_FLAG_QUESTIONS}
    screen["fever_or_unwell"] = YES
    step = next_step({"answers": screen})
    assert step.question is not None and step.question.id == "age"
    assert "emergency" in step.reason


def test_the_interview_takes_the_same_bad_input_errors_as_assessments() -> None:
    with pytest.raises(IntakeError):
        next_step({"answers": {"sit_bone_pian": "yes"}})


@pytest.mark.slow
@settings(max_examples=40)
@given(testing.intakes())
def test_a_chatbot_interview_of_any_non_emergency_intake_reaches_the_full_assessments_level(
    full: dict[str, Any],
) -> None:
    expected = assess(full).triage.level
    assume(not expected.is_emergency())
    assert play(full).last.triage.level is expected


@settings(max_examples=60)
@given(testing.intakes())
def test_the_interview_never_stops_before_the_screen_is_complete_unless_an_emergency(
    intake: dict[str, Any],
) -> None:
    testing.check_interview_screens_red_flags(intake)
    step = next_step(intake)
    if step.should_stop and step.stop_reason is not StopReason.EMERGENCY:
        assert assess(intake).red_flag_screen.complete
