"""`$next-question`: the SDC adaptive form asks what `/v1/interview` asks, and completes with it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api.examples import EMERGENCY, RUNNER
from rules.vocabulary import YesNo
from tests.api.support import client
from tests.triage.fhir.support import validated
from triage.fhir import canonical
from triage.fhir.adaptive import ADAPTIVE_ID
from triage.fhir.questionnaire import answer_coding
from triage.interview.next_question import next_step

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
    return [item["linkId"] for section in questionnaire["item"] for item in section["item"]]


def _answer(response: dict[str, Any], link_id: str, value: Any) -> None:
    """Add one answer to the response, in its section, as a form filler would."""
    if link_id in ("age", "duration_weeks", "pain_severity"):
        answer = {"valueInteger": value}
    elif link_id == "sex":
        answer = {"valueCoding": {"system": canonical.SEX_SYSTEM, "code": value}}
    else:
        answer = {"valueCoding": answer_coding(YesNo(value))}
    item: dict[str, Any] = {"linkId": link_id}
    if value != "unknown" or link_id in ("age", "sex", "duration_weeks", "pain_severity"):
        item["answer"] = [answer]
    response.setdefault("item", []).append({"linkId": "red_flag", "item": [item]})
    # each answer in its own group item would repeat section linkIds, which is allowed; the reader
    # only refuses a question given twice


async def _play(intake: dict[str, Any]) -> tuple[list[str], dict[str, Any], int]:
    """Play the adaptive form with an intake's answers; the questions asked, the last response."""
    answers = {**{k: v for k, v in intake.items() if k != "answers"}, **intake["answers"]}
    response: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    asked: list[str] = []
    steps = 0
    async with client() as http:
        while True:
            answer = await http.post(PATH, content=_parameters(response), headers=FHIR)
            assert answer.status_code == 200, answer.text
            response = answer.json()
            validated(response)
            steps += 1
            if response["status"] == "completed":
                return asked, response, steps
            new = [link for link in _asked(response) if link not in asked]
            assert len(new) == 1
            asked.append(new[0])
            _answer(response, new[0], answers.get(new[0], "unknown"))
            assert steps < 80


@pytest.mark.parametrize("intake", [RUNNER, EMERGENCY])
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
    validated(questionnaire)


async def test_an_emergency_completes_the_form_at_once() -> None:
    response: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    _answer(response, "saddle_numbness", "yes")
    # With chest pain or breathlessness still open the interview would ask it: it decides whether
    # to call an ambulance (`triage.interview.next_question`).
    _answer(response, "breathless_or_chest_pain", "no")
    async with client() as http:
        answer = await http.post(PATH, content=_parameters(response), headers=FHIR)
    assert answer.json()["status"] == "completed"


async def test_a_body_without_the_parameter_is_a_422_operation_outcome() -> None:
    body = json.dumps({"resourceType": "Parameters", "parameter": []})
    async with client() as http:
        answer = await http.post(PATH, content=body, headers=FHIR)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/fhir+json"
    validated(answer.json())
