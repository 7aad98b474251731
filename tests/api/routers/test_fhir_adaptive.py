"""`$next-question`: the SDC adaptive form asks what `/v1/interview` asks, and completes with it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api.examples import EMERGENCY, RUNNER
from rules.vocabulary import RED_FLAG_QUESTIONS, YesNo
from tests.api.support import client
from tests.triage.fhir.grouped import adaptive
from tests.triage.fhir.support import validated
from triage import assess, default, next_step
from triage.fhir import canonical
from triage.fhir.adaptive import ADAPTIVE_ID, next_question_response
from triage.fhir.questionnaire import answer_coding
from triage.fhir.response import read_request, read_response
from triage.interview.groups import GROUPINGS
from triage.interview.next_question import StopReason
from triage.interview.questionnaire import items

pytestmark = pytest.mark.anyio

FHIR = {"content-type": "application/fhir+json"}
PATH = "/fhir/Questionnaire/$next-question"


def _parameters(response: dict[str, Any]) -> bytes:
    return json.dumps(
        {
            "resourceType": "Parameters",
            "parameter": [{"name": "questionnaire-response", "resource": response}],
        }
    ).encode()


def _asked(response: dict[str, Any]) -> list[str]:
    [questionnaire] = [r for r in response["contained"] if r["id"] == ADAPTIVE_ID]
    return [item["linkId"] for item in questionnaire["item"]]


def _answer(response: dict[str, Any], link_id: str, value: Any) -> None:
    """Add one answer to the response, in its section, as a form filler would."""
    if link_id == "age":
        answer = {"valueInteger": value}
    elif link_id in ("duration_weeks", "pain_severity"):
        answer = {"valueDecimal": value}
    elif link_id == "sex":
        answer = {"valueCoding": {"system": canonical.SEX_SYSTEM, "code": value}}
    else:
        answer = {"valueCoding": answer_coding(YesNo(value))}
    item: dict[str, Any] = {"linkId": link_id}
    if value != "unknown":  # not known: the item is sent without an answer
        item["answer"] = [answer]
    response.setdefault("item", []).append({"linkId": "red_flag", "item": [item]})
    # each answer in its own group item would repeat section linkIds, which is allowed; the reader
    # only refuses a question given twice


async def _play(intake: dict[str, Any], path: str = PATH) -> tuple[list[str], dict[str, Any], int]:
    """Play the adaptive form with an intake's answers; the questions asked, the last response.

    A warning sign asked again (`<id>.again`) gets the intake's `second_answers`, else unknown.
    """
    answers = {**{k: v for k, v in intake.items() if k != "answers"}, **intake["answers"]}
    answers.update(
        {f"{k}{canonical.AGAIN_SUFFIX}": v for k, v in intake.get("second_answers", {}).items()}
    )
    response: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    asked: list[str] = []
    steps = 0
    async with client() as http:
        while True:
            answer = await http.post(path, content=_parameters(response), headers=FHIR)
            assert answer.status_code == 200, answer.text
            response = answer.json()
            steps += 1
            validated(response, invariants=steps % 8 == 1 or response["status"] == "completed")
            if response["status"] == "completed":
                return asked, response, steps
            issued = _asked(response)
            assert issued[: len(asked)] == asked and len(issued) == len(asked) + 1, "appended"
            new = issued[-1:]
            asked.append(new[0])
            _answer(response, new[0], answers.get(new[0], "unknown"))
            assert steps < 80


UNSURE = {"answers": {"sit_bone_pain": "yes"}, "second_answers": {"saddle_numbness": "no"}}
"""Someone unsure of every warning sign at first, then sure of one when asked again."""


@pytest.mark.slow
@pytest.mark.parametrize("intake", [RUNNER, EMERGENCY, UNSURE])
async def test_the_adaptive_form_asks_what_the_interview_asks_and_completes(
    intake: dict[str, Any],
) -> None:
    asked, response, _ = await _play(intake)
    expected: list[str] = []
    so_far: dict[str, Any] = {"answers": {}}
    while True:
        step = next_step(so_far)
        if step.should_stop:
            break
        assert step.question is not None
        if step.repeat:
            expected.append(step.question.id + canonical.AGAIN_SUFFIX)
            value = intake.get("second_answers", {}).get(step.question.id, "unknown")
            so_far.setdefault("second_answers", {})[step.question.id] = value
            continue
        expected.append(step.question.id)
        value = {**intake, **intake["answers"]}.get(step.question.id, "unknown")
        if step.question.id in ("age", "sex"):
            so_far[step.question.id] = None if value == "unknown" else value
        else:
            so_far["answers"][step.question.id] = value
    assert asked == expected
    async with client() as http:
        risk = await http.post(
            "/fhir/QuestionnaireResponse/$assess", content=json.dumps(response), headers=FHIR
        )
    assert risk.status_code == 200
    level = next(e for e in risk.json()["extension"] if e["url"] == canonical.LEVEL_EXTENSION)
    assert level["valueCoding"]["code"] == next_step(so_far).triage.level


async def test_the_first_call_asks_the_first_warning_sign_in_an_adaptive_questionnaire() -> None:
    empty = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    async with client() as http:
        answer = await http.post(PATH, content=_parameters(empty), headers=FHIR)
    response = answer.json()
    assert response["status"] == "in-progress"
    assert response["questionnaire"] == f"#{ADAPTIVE_ID}"
    assert _asked(response) == ["saddle_numbness"]
    [questionnaire] = response["contained"]
    assert questionnaire["extension"] == [{"url": canonical.ADAPTIVE, "valueBoolean": True}]
    validated(response)


async def test_an_emergency_completes_the_form_at_once() -> None:
    response: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    _answer(response, "saddle_numbness", "yes")
    # With chest pain or breathlessness still open the interview would ask it: it decides whether
    # to call an ambulance (`triage.interview.next_question`).
    _answer(response, "breathless_or_chest_pain", "no")
    async with client() as http:
        answer = await http.post(PATH, content=_parameters(response), headers=FHIR)
    assert answer.json()["status"] == "completed"


@pytest.mark.slow
async def test_a_form_answered_unknown_throughout_completes_with_the_screen_incomplete() -> None:
    asked, response, steps = await _play({"answers": {}})
    signs = [q.value for q in RED_FLAG_QUESTIONS]
    assert len(asked) <= len(items()) + len(signs)
    assert steps == len(asked) + 1
    assert [link for link in asked if link in signs] == signs
    assert [link for link in asked if link.endswith(canonical.AGAIN_SUFFIX)] == [
        sign + canonical.AGAIN_SUFFIX for sign in signs
    ]
    assessment = assess(read_response(response))
    assert not assessment.red_flag_screen.complete
    assert [q.value for q in assessment.red_flag_screen.unanswered] == signs
    _, step = next_question_response(response, default())
    assert step.stop_reason is StopReason.SCREEN_INCOMPLETE
    async with client() as http:
        risk = await http.post(
            "/fhir/QuestionnaireResponse/$assess", content=json.dumps(response), headers=FHIR
        )
    notes = [note["text"] for note in risk.json()["note"]]
    assert all(f"Reason: {reason}" in notes for reason in assessment.triage.reasons)


async def test_a_second_answer_is_read_back_from_its_again_item() -> None:
    response: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    for sign in RED_FLAG_QUESTIONS:
        _answer(response, sign.value, "unknown")
    _answer(response, "saddle_numbness" + canonical.AGAIN_SUFFIX, "yes")
    request = read_request(response)
    assert request.asked_twice() == {"saddle_numbness"}
    unknowns = {sign.value: "unknown" for sign in RED_FLAG_QUESTIONS}
    assert assess(read_response(response)) == assess(
        {"answers": {**unknowns, "saddle_numbness": "yes"}}
    )
    async with client() as http:
        answer = await http.post(PATH, content=_parameters(response), headers=FHIR)
    assert answer.status_code == 200
    assert "saddle_numbness.again" in _asked(answer.json())
    validated(answer.json())


async def test_an_again_item_for_a_question_that_is_not_a_warning_sign_is_a_422() -> None:
    response: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    _answer(response, "sit_bone_pain" + canonical.AGAIN_SUFFIX, "yes")
    async with client() as http:
        answer = await http.post(PATH, content=_parameters(response), headers=FHIR)
    assert answer.status_code == 422
    assert "only those are asked a second time" in answer.text
    assert "sit_bone_pain.again" in answer.text


async def test_a_body_without_the_parameter_is_a_422_operation_outcome() -> None:
    body = json.dumps({"resourceType": "Parameters", "parameter": []})
    async with client() as http:
        answer = await http.post(PATH, content=body, headers=FHIR)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/fhir+json"
    validated(answer.json())


EXAMINATION = {i.id for i in items() if i.group == "examination"}

EXAMINED = {"answers": {**RUNNER["answers"], "bent_knee_stretch_test": "yes"}}
"""A runner whose clinician has the bent-knee stretch test's result."""


@pytest.mark.slow
async def test_a_patients_form_never_asks_an_examination_item_and_a_clinicians_does() -> None:
    examination = {i.id for i in items() if i.group == "examination"}
    patient, _, _ = await _play(EXAMINED)
    clinician, _, _ = await _play(EXAMINED, f"{PATH}?audience=clinician")
    assert not examination & set(patient)
    assert examination & set(clinician)


async def test_an_audience_that_is_not_patient_or_clinician_is_refused() -> None:
    response = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    async with client() as http:
        answer = await http.post(
            f"{PATH}?audience=doctor", content=_parameters(response), headers=FHIR
        )
    assert answer.status_code == 422
    assert "audience" in answer.text


def _with(response: dict[str, Any], *extra: dict[str, Any]) -> bytes:
    """Parameters holding the response and `$next-question`'s other parameters."""
    body = json.loads(_parameters(response))
    body["parameter"].extend(extra)
    return json.dumps(body).encode()


EMPTY: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
GROUPED = {"name": "grouped", "valueBoolean": True}


@pytest.mark.parametrize(
    ("query", "extra"), [("?grouped=true", ()), ("", (GROUPED,)), ("?grouped=true", (GROUPED,))]
)
async def test_grouped_in_the_query_or_the_parameters_appends_one_group_item(
    query: str, extra: tuple[dict[str, Any], ...]
) -> None:
    async with client() as http:
        answer = await http.post(PATH + query, content=_with(EMPTY, *extra), headers=FHIR)
    assert answer.status_code == 200, answer.text
    [group] = adaptive(answer.json())["item"]
    assert group["type"] == "group"
    assert tuple(c["linkId"] for c in group["item"][1:]) == GROUPINGS[0].members
    validated(answer.json())


async def test_without_grouped_one_question_is_appended_as_before() -> None:
    async with client() as http:
        answer = await http.post(PATH + "?grouped=false", content=_parameters(EMPTY), headers=FHIR)
    assert _asked(answer.json()) == ["saddle_numbness"]


@pytest.mark.parametrize(
    ("query", "extra", "named"),
    [
        ("?grouped=false", GROUPED, "grouped"),
        ("", {"name": "grouped", "valueString": "yes"}, "grouped"),
        ("", {"name": "audience", "valueCode": "doctor"}, "audience"),
        ("?audience=patient", {"name": "audience", "valueCode": "clinician"}, "audience"),
    ],
)
async def test_a_parameter_of_the_wrong_type_or_at_odds_with_the_query_is_a_422_naming_it(
    query: str, extra: dict[str, Any], named: str
) -> None:
    async with client() as http:
        answer = await http.post(PATH + query, content=_with(EMPTY, extra), headers=FHIR)
    assert answer.status_code == 422
    [issue] = answer.json()["issue"]
    assert issue["details"]["text"].startswith(f"'{named}'")
    assert issue["expression"][0].startswith("Parameters.parameter[1]")
    validated(answer.json())


async def test_the_audience_is_taken_from_the_parameters_too() -> None:
    intake: dict[str, Any] = {"age": RUNNER["age"], "sex": RUNNER["sex"], "answers": {}}
    response = {**EMPTY}
    for item in items():
        if item.group != "examination":
            value = {**RUNNER, **RUNNER["answers"]}.get(item.id, "unknown")
            _answer(response, item.id, value)
            if item.id not in ("age", "sex"):
                intake["answers"][item.id] = value
    clinician = next_step({**intake, "audience": "clinician"})
    assert clinician.question is not None and clinician.question.id in EXAMINATION
    assert next_step(intake).should_stop  # a patient is asked no examination item
    parameter = {"name": "audience", "valueCode": "clinician"}
    async with client() as http:
        answer = await http.post(PATH, content=_with(response, parameter), headers=FHIR)
    assert answer.status_code == 200, answer.text
    assert _asked(answer.json())[-1] == clinician.question.id
