"""The SDC adaptive form as written: issued items left out count as asked and unknown, one item
appended a call, the adaptive profile's required elements, the client's Questionnaire used or
replaced and never left dangling."""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest

from rules.vocabulary import RED_FLAG_QUESTIONS
from tests.triage.fhir.support import validated
from triage import assess, default
from triage.errors import IntakeError
from triage.fhir import canonical
from triage.fhir.adaptive import ADAPTIVE_ID, next_question_response
from triage.fhir.response import read_request, read_response
from triage.fhir.risk import risk_assessment

EMPTY: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
SIGNS = [q.value for q in RED_FLAG_QUESTIONS]


def _issued(response: dict[str, Any]) -> list[str]:
    [questionnaire] = [r for r in response["contained"] if r["resourceType"] == "Questionnaire"]
    return [item["linkId"] for item in questionnaire["item"]]


def _step(response: dict[str, Any], *, invariants: bool = True) -> dict[str, Any]:
    updated, _ = next_question_response(copy.deepcopy(response), default())
    validated(updated, invariants=invariants or updated["status"] == "completed")
    return updated


def test_an_issued_item_left_out_of_the_response_counts_as_asked_and_unknown() -> None:
    first = _step(EMPTY)
    assert _issued(first) == [SIGNS[0]]
    second = _step(first)  # sent back as LHC-Forms does: the unanswered item left out
    assert _issued(second) == [SIGNS[0], SIGNS[1]]
    assert second["status"] == "in-progress"
    request = read_request(second, _issued(second))
    assert request.answers.model_fields_set == {SIGNS[0], SIGNS[1]}  # asked
    assert request.answers.model_dump(exclude_unset=True) == {SIGNS[0]: None, SIGNS[1]: None}


@pytest.mark.slow
def test_a_form_sent_back_empty_every_time_moves_on_and_completes() -> None:
    response = EMPTY
    seen: list[list[str]] = []
    for step in range(100):
        response = _step(response, invariants=step % 8 == 0)
        if response["status"] == "completed":
            break
        seen.append(_issued(response))
    else:
        raise AssertionError("the form never completed")
    for before, after in itertools.pairwise(seen):
        assert after[: len(before)] == before and len(after) == len(before) + 1
    assert [link for link in seen[-1] if link.endswith(canonical.AGAIN_SUFFIX)] == [
        sign + canonical.AGAIN_SUFFIX for sign in SIGNS
    ]


@pytest.mark.parametrize(("link_id", "field"), [("age", "age"), ("sex", "sex")])
def test_age_and_sex_issued_and_left_out_are_read_as_unknown(link_id: str, field: str) -> None:
    response = {**_step(EMPTY)}
    [questionnaire] = response["contained"]
    questionnaire["item"].append({"linkId": link_id, "text": link_id, "type": "display"})
    request = read_request(response, _issued(response))
    assert getattr(request, field) in (None, "unknown")
    assert field in request.model_fields_set  # asked: the interview does not ask it again
    assert link_id in _issued(_step(response))


def test_the_contained_questionnaire_follows_the_adaptive_profile() -> None:
    questionnaire = _step(EMPTY)["contained"][0]
    assert questionnaire["title"]
    assert "url" not in questionnaire
    assert questionnaire["derivedFrom"] == [f"{canonical.QUESTIONNAIRE_URL}|{canonical.VERSION}"]
    assert {"url": canonical.ADAPTIVE, "valueBoolean": True} in questionnaire["extension"]
    assert "text" not in questionnaire  # contained: no narrative (dom-1)

    def texts(items: list[dict[str, Any]]) -> list[Any]:
        return [t for item in items for t in [item.get("text"), *texts(item.get("item", []))]]

    assert all(texts(questionnaire["item"]))


def test_the_clients_adaptive_questionnaire_is_used_under_its_own_id() -> None:
    first = _step(EMPTY)
    first["contained"][0]["id"] = "my-form"
    first["questionnaire"] = "#my-form"
    second = _step(first)
    assert second["questionnaire"] == "#my-form"
    assert [r["id"] for r in second["contained"]] == ["my-form"]
    assert _issued(second) == SIGNS[:2]


def test_a_clients_other_questionnaire_is_replaced_and_nothing_is_left_dangling() -> None:
    patient = {"resourceType": "Patient", "id": "me"}
    response = {
        **EMPTY,
        "subject": {"reference": "#me"},
        "questionnaire": "#stub",
        "contained": [
            {"resourceType": "Questionnaire", "id": "stub", "status": "active"},
            {"resourceType": "Questionnaire", "id": "leftover", "status": "active"},
            patient,
        ],
    }
    updated = _step(response)
    assert updated["questionnaire"] == "#stub"
    questionnaires = [r for r in updated["contained"] if r["resourceType"] == "Questionnaire"]
    assert [q["id"] for q in questionnaires] == ["stub"]
    assert patient in updated["contained"]
    assert _issued(updated) == [SIGNS[0]]


def test_an_item_the_form_never_issues_in_the_contained_questionnaire_is_a_422() -> None:
    first = _step(EMPTY)
    first["contained"][0]["item"].append({"linkId": "favourite_colour", "text": "?"})
    with pytest.raises(IntakeError) as raised:
        next_question_response(first, default())
    [problem] = raised.value.problems
    assert "favourite_colour" in problem.message
    assert problem.loc == ("contained", 0, "item", 1)


def test_the_returned_response_has_a_narrative_naming_each_answer() -> None:
    first = _step(EMPTY)
    first["item"] = [
        {
            "linkId": SIGNS[0],
            "text": "Numb?",
            "answer": [{"valueCoding": {"system": canonical.ANSWER_SYSTEM, "code": "no"}}],
        }
    ]
    second = _step(first)
    assert second["text"]["status"] == "generated"
    assert "Numb?: No" in second["text"]["div"]
    assert second["item"][0]["answer"][0]["valueCoding"]["display"] == "No"
    assert second["questionnaire"][1:] == ADAPTIVE_ID


def test_assessing_a_completed_adaptive_response_nests_no_contained_resource() -> None:
    response = _step(EMPTY)
    yes = {"valueCoding": {"system": canonical.ANSWER_SYSTEM, "code": "yes"}}
    no = {"valueCoding": {"system": canonical.ANSWER_SYSTEM, "code": "no"}}
    response["item"] = [
        {"linkId": "saddle_numbness", "answer": [yes]},
        {"linkId": "breathless_or_chest_pain", "answer": [no]},
    ]
    completed = _step(response)
    assert completed["status"] == "completed"
    risk = risk_assessment(assess(read_response(completed)), completed)
    validated(risk)  # dom-2: no contained resource contains another; dom-3: each is referenced
    assert [r["resourceType"] for r in risk["contained"]] == [
        "QuestionnaireResponse",
        "Questionnaire",
    ]
    assert all("contained" not in r and "text" not in r for r in risk["contained"])
