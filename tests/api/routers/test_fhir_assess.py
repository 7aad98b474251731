"""QuestionnaireResponses in: `/v1/assessments` and `/v1/interview` answer them as the equal JSON
intake; `$assess` answers a RiskAssessment; a bad response is a 422 naming the linkId."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api.examples import EMERGENCY, RUNNER
from tests.api.support import client
from tests.scenarios import load_scenarios
from tests.triage.fhir.support import validated
from triage import assess
from triage.fhir import canonical
from triage.fhir.response import response_from_intake

pytestmark = pytest.mark.anyio

FHIR = {"content-type": "application/fhir+json"}
INTAKES = [RUNNER, EMERGENCY, *(scenario.intake for scenario in load_scenarios())]


def _body(resource: dict[str, Any]) -> bytes:
    return json.dumps(resource).encode()


@pytest.mark.parametrize("path", ["/v1/assessments", "/v1/interview"])
@pytest.mark.parametrize("intake", INTAKES)
async def test_a_response_is_answered_exactly_as_the_equal_json_intake(
    path: str, intake: dict[str, Any]
) -> None:
    async with client() as http:
        from_json = await http.post(path, json=intake)
        from_fhir = await http.post(path, content=_body(response_from_intake(intake)), headers=FHIR)
    assert from_fhir.status_code == from_json.status_code == 200
    assert from_fhir.content == from_json.content


async def test_a_bad_response_on_v1_is_a_problem_naming_the_link_id() -> None:
    response = response_from_intake(RUNNER)
    response["item"][0]["item"][0]["linkId"] = "sadle_numbness"
    async with client() as http:
        answer = await http.post("/v1/assessments", content=_body(response), headers=FHIR)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    [error] = answer.json()["errors"]
    assert (error["type"], error["suggestion"]) == ("unknown_link_id", "saddle_numbness")
    assert error["loc"] == ["item", 0, "item", 0]


@pytest.mark.parametrize("intake", [RUNNER, EMERGENCY])
async def test_assess_answers_a_valid_risk_assessment_with_the_likelihood_and_level(
    intake: dict[str, Any],
) -> None:
    response = {
        **response_from_intake(intake),
        "id": "qr-7",
        "subject": {"reference": "Patient/p1"},
    }
    async with client() as http:
        answer = await http.post(
            "/fhir/QuestionnaireResponse/$assess", content=_body(response), headers=FHIR
        )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/fhir+json"
    risk = answer.json()
    validated(risk)
    expected = assess(intake)
    [tendinopathy, *others] = risk["prediction"]
    assert tendinopathy["probabilityDecimal"] == expected.likelihood.probability
    assert tendinopathy["qualitativeRisk"]["coding"][0]["code"] == expected.likelihood.band
    assert len(others) == len(expected.differentials)
    level = next(e for e in risk["extension"] if e["url"] == canonical.LEVEL_EXTENSION)
    assert level["valueCoding"]["code"] == expected.triage.level
    flags = [
        e["valueCoding"]["code"]
        for e in risk["extension"]
        if e["url"] == canonical.RED_FLAG_EXTENSION
    ]
    assert flags == [flag.id for flag in expected.red_flags]
    assert risk["mitigation"] == f"{expected.triage.see} {expected.triage.within}"
    assert risk["basis"] == [{"reference": "QuestionnaireResponse/qr-7"}]
    assert risk["subject"] == {"reference": "Patient/p1"}


async def test_a_response_without_an_id_is_contained_and_is_the_basis() -> None:
    response = response_from_intake(RUNNER)
    async with client() as http:
        answer = await http.post(
            "/fhir/QuestionnaireResponse/$assess", content=_body(response), headers=FHIR
        )
    risk = answer.json()
    validated(risk)
    assert risk["basis"] == [{"reference": "#response"}]
    assert risk["contained"][0]["item"] == response["item"]


def _item(response: dict[str, Any], link_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        item
        for section in response["item"]
        for item in section["item"]
        if item["linkId"] == link_id
    )
    return found


def _wrong_type(response: dict[str, Any]) -> None:
    _item(response, "age")["answer"] = [{"valueString": "34"}]


def _repeated_item(response: dict[str, Any]) -> None:
    response["item"][0]["item"].append(dict(_item(response, "saddle_numbness")))


def _unknown(response: dict[str, Any]) -> None:
    _item(response, "saddle_numbness")["linkId"] = "saddle_numbnes"


@pytest.mark.parametrize(
    ("spoil", "kind", "link_id"),
    [
        (_unknown, "not-found", "saddle_numbnes"),
        (_wrong_type, "value", "age"),
        (_repeated_item, "duplicate", "saddle_numbness"),
    ],
)
async def test_a_bad_response_is_a_422_operation_outcome_naming_the_link_id(
    spoil: Any, kind: str, link_id: str
) -> None:
    response = response_from_intake(RUNNER)
    spoil(response)
    async with client() as http:
        answer = await http.post(
            "/fhir/QuestionnaireResponse/$assess", content=_body(response), headers=FHIR
        )
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/fhir+json"
    outcome = answer.json()
    validated(outcome)
    [issue] = outcome["issue"]
    assert issue["code"] == kind
    assert f"linkId='{link_id}'" in issue["expression"][0]


async def test_a_key_given_twice_is_a_422_operation_outcome_naming_the_link_id() -> None:
    text = json.dumps(response_from_intake({"answers": {"saddle_numbness": "yes"}}))
    text = text.replace('"code": "yes"', '"code": "no", "code": "yes"')
    async with client() as http:
        answer = await http.post("/fhir/QuestionnaireResponse/$assess", content=text, headers=FHIR)
    assert answer.status_code == 422
    [issue] = answer.json()["issue"]
    assert issue["code"] == "duplicate"
    assert "linkId='saddle_numbness'" in issue["expression"][0]


async def test_malformed_json_and_a_wrong_media_type_are_operation_outcomes() -> None:
    async with client() as http:
        broken = await http.post(
            "/fhir/QuestionnaireResponse/$assess", content=b'{"resourceType": ', headers=FHIR
        )
        plain = await http.post(
            "/fhir/QuestionnaireResponse/$assess",
            content=b"hello",
            headers={"content-type": "text/plain"},
        )
    assert (broken.status_code, plain.status_code) == (400, 415)
    for answer in (broken, plain):
        assert answer.headers["content-type"] == "application/fhir+json"
        validated(answer.json())
