"""CDS Hooks: discovery names one patient-view service; a call answers one card by urgency, only
for a completed intake about the hook's patient, and every card says when the answers were given."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from api.examples import EMERGENCY, RUNNER
from tests.api.cds_support import bundle, call, intake_response, searchset
from tests.api.support import client
from triage.fhir import canonical
from triage.fhir.cds import PREFETCH, SERVICE_ID

pytestmark = pytest.mark.anyio

URGENT = {"answers": {"calf_thigh_swelling": "yes"}}
"""A swollen calf or thigh: a same-day (consultation_24) red flag."""

SERVICE = f"/cds-services/{SERVICE_ID}"


async def _cards(body: dict[str, Any]) -> list[dict[str, Any]]:
    async with client() as http:
        answer = await http.post(SERVICE, json=body)
    assert answer.status_code == 200, answer.text
    cards: list[dict[str, Any]] = answer.json()["cards"]
    for card in cards:
        uuid.UUID(card["uuid"])
    return cards


async def test_discovery_lists_one_patient_view_service_with_an_unambiguous_prefetch() -> None:
    async with client() as http:
        answer = await http.get("/cds-services")
    [service] = answer.json()["services"]
    assert (service["hook"], service["id"]) == ("patient-view", SERVICE_ID)
    assert {"title", "description", "prefetch"} <= set(service)
    assert service["prefetch"] == {"intake": PREFETCH}
    assert PREFETCH.startswith("QuestionnaireResponse?patient={{context.patientId}}&")
    assert "subject={{" not in PREFETCH and "questionnaire=" not in PREFETCH
    assert "_sort=-authored" in PREFETCH


@pytest.mark.parametrize(
    ("intake", "indicator", "level"),
    [
        (EMERGENCY, "critical", "emergency"),
        (URGENT, "warning", "consultation_24"),
        (RUNNER, "info", "self_care"),
    ],
)
async def test_a_call_answers_one_card_whose_indicator_follows_the_level(
    intake: dict[str, Any], indicator: str, level: str
) -> None:
    [card] = await _cards(call(bundle(("2026-11-30T10:00:00Z", intake))))
    assert card["indicator"] == indicator
    assert len(card["summary"]) < 140
    assert card["source"]["label"].startswith("pht-triage rule base ")
    assert card["source"]["topic"]["code"] == level
    assert "**Why**" in card["detail"]
    if level != "self_care":
        assert "**Red flags**" in card["detail"]


async def test_every_triage_card_says_when_the_answers_were_given() -> None:
    [card] = await _cards(call(bundle(("2026-11-30T10:00:00Z", RUNNER))))
    assert "2026-11-30" in card["summary"]
    assert "Answers given 2026-11-30T10:00:00Z" in card["detail"]


async def test_a_card_without_a_recorded_date_says_so() -> None:
    response = intake_response(RUNNER)
    del response["authored"]
    [card] = await _cards(call(response))
    assert "not recorded" in card["summary"] and "not recorded" in card["detail"]


async def test_the_latest_response_of_the_bundle_is_the_one_assessed() -> None:
    prefetch = bundle(("2026-11-01T09:00:00Z", RUNNER), ("2026-11-30T09:00:00Z", EMERGENCY))
    [card] = await _cards(call(prefetch))
    assert card["indicator"] == "critical"


async def test_latest_is_by_instant_not_by_the_text_of_the_date() -> None:
    # 23:00 at -05:00 is 04:00Z the next day: later than 01:00Z, though its text sorts first.
    prefetch = bundle(("2026-11-30T23:00:00-05:00", EMERGENCY), ("2026-12-01T01:00:00Z", RUNNER))
    [card] = await _cards(call(prefetch))
    assert card["indicator"] == "critical"


async def test_an_intake_about_another_patient_gets_no_triage_card_but_says_why() -> None:
    response = intake_response(EMERGENCY, patient="p1")
    [card] = await _cards(call(response, patient="p2"))
    assert card["indicator"] == "info"
    assert "another patient" in card["detail"]
    assert "source" in card and "topic" not in card["source"]
    assert "Red flags" not in card["detail"]


async def test_one_stranger_in_the_bundle_stops_the_triage() -> None:
    mine = intake_response(RUNNER, patient="p2", authored="2026-11-30T09:00:00Z")
    theirs = intake_response(EMERGENCY, patient="p1", authored="2026-11-01T09:00:00Z")
    prefetch = searchset(mine, theirs)
    [card] = await _cards(call(prefetch, patient="p2"))
    assert card["indicator"] == "info" and "another patient" in card["detail"]


async def test_an_intake_without_a_subject_is_not_triaged() -> None:
    response = intake_response(EMERGENCY)
    del response["subject"]
    [card] = await _cards(call(response))
    assert card["indicator"] == "info"
    assert "does not name its patient" in card["detail"]


@pytest.mark.parametrize(
    ("reference", "indicator"),
    [
        ("Patient/p1", "critical"),
        ("Patient/p1/_history/3", "critical"),
        ("https://ehr.example/fhir/Patient/p1", "critical"),
        ("Patient/p10", "info"),
        ("Group/p1", "info"),
        ("https://other.example/fhir/Patient/p1", "info"),
        ("#p1", "info"),
    ],
)
async def test_only_a_reference_to_the_hooks_patient_is_triaged(
    reference: str, indicator: str
) -> None:
    response = intake_response(EMERGENCY)
    response["subject"] = {"reference": reference}
    body = call(response)
    body["fhirServer"] = "https://ehr.example/fhir"
    [card] = await _cards(body)
    assert card["indicator"] == indicator


@pytest.mark.parametrize("status", ["in-progress", "stopped", "entered-in-error", "amended"])
async def test_an_intake_not_completed_gets_no_triage_card_but_says_why(status: str) -> None:
    response = intake_response(EMERGENCY, status=status)
    [card] = await _cards(call(response))
    assert card["indicator"] == "info"
    assert f"'{status}'" in card["detail"]
    assert "Answers given" in card["detail"]


async def test_an_absolute_reference_without_the_clients_server_is_not_confirmed() -> None:
    response = intake_response(EMERGENCY)
    response["subject"] = {"reference": "https://ehr.example/fhir/Patient/p1"}
    [card] = await _cards(call(response))  # no fhirServer in the request
    assert card["indicator"] == "info"


async def test_the_latest_intake_decides_even_when_an_older_one_was_completed() -> None:
    old = intake_response(RUNNER, authored="2026-11-01T09:00:00Z")
    new = intake_response(EMERGENCY, authored="2026-11-30T09:00:00Z", status="in-progress")
    prefetch = searchset(old, new)
    [card] = await _cards(call(prefetch))
    assert card["indicator"] == "info" and "'in-progress'" in card["detail"]


async def test_responses_to_other_questionnaires_are_skipped() -> None:
    other = intake_response(RUNNER, authored="2026-12-01T09:00:00Z")
    other["questionnaire"] = "http://loinc.org/q/44249-1"
    other["item"] = [{"linkId": "/44250-9", "answer": [{"valueString": "x"}]}]
    mine = intake_response(EMERGENCY, authored="2026-11-30T09:00:00Z")
    prefetch = searchset(other, mine)
    [card] = await _cards(call(prefetch))
    assert card["indicator"] == "critical"


async def test_an_adaptive_intake_is_found_through_its_contained_questionnaire() -> None:
    response = intake_response(EMERGENCY)
    response["questionnaire"] = "#adaptive"
    response["contained"] = [
        {
            "resourceType": "Questionnaire",
            "id": "adaptive",
            "status": "active",
            "derivedFrom": [f"{canonical.QUESTIONNAIRE_URL}|{canonical.VERSION}"],
        }
    ]
    [card] = await _cards(call(response))
    assert card["indicator"] == "critical"


async def test_a_missing_prefetch_is_412_as_the_specification_says() -> None:
    async with client() as http:
        answer = await http.post(SERVICE, json=call(None))
    assert answer.status_code == 412
    assert answer.headers["content-type"] == "application/problem+json"


async def test_a_null_prefetch_means_no_intake_and_gets_no_cards() -> None:
    assert await _cards(call({"intake": None}, raw=True)) == []


async def test_a_bad_prefetched_response_is_a_422_problem_naming_the_link_id() -> None:
    response = intake_response(RUNNER)
    response["item"][0]["item"][0]["linkId"] = "sadle_numbness"
    async with client() as http:
        answer = await http.post(SERVICE, json=call(response))
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["loc"][:2] == ["prefetch", "intake"]
    assert error["suggestion"] == "saddle_numbness"


async def test_an_unknown_service_is_a_404() -> None:
    async with client() as http:
        answer = await http.post("/cds-services/another", json=call({"intake": None}, raw=True))
        feedback = await http.post("/cds-services/another/feedback", json={"feedback": []})
    assert answer.status_code == feedback.status_code == 404
