"""CDS Hooks: discovery names one patient-view service; a call answers one card by urgency."""

from __future__ import annotations

from typing import Any

import pytest

from api.examples import EMERGENCY, RUNNER
from tests.api.support import client
from triage.fhir import canonical
from triage.fhir.cds import PREFETCH, SERVICE_ID
from triage.fhir.response import response_from_intake

pytestmark = pytest.mark.anyio

URGENT = {"answers": {"calf_thigh_swelling": "yes"}}
"""A swollen calf or thigh: a same-day (consultation_24) red flag."""


def _call(prefetch: dict[str, Any] | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/example", "patientId": "p1"},
    }
    if prefetch is not None:
        body["prefetch"] = prefetch
    return body


def _bundle(*intakes: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [
            {"resource": {**response_from_intake(intake), "authored": authored}}
            for authored, intake in intakes
        ],
    }


async def test_discovery_lists_one_patient_view_service_with_the_intake_prefetch() -> None:
    async with client() as http:
        answer = await http.get("/cds-services")
    [service] = answer.json()["services"]
    assert (service["hook"], service["id"]) == ("patient-view", SERVICE_ID)
    assert service["prefetch"] == {"intake": PREFETCH}
    assert "subject={{context.patientId}}" in PREFETCH
    assert f"questionnaire={canonical.QUESTIONNAIRE_URL}" in PREFETCH
    assert PREFETCH.endswith("&_sort=-authored&_count=1")


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
    prefetch = {"intake": _bundle(("2026-11-30T10:00:00Z", intake))}
    async with client() as http:
        answer = await http.post(f"/cds-services/{SERVICE_ID}", json=_call(prefetch))
    assert answer.status_code == 200
    [card] = answer.json()["cards"]
    assert card["indicator"] == indicator
    assert len(card["summary"]) < 140
    assert card["source"]["label"].startswith("pht-triage rule base ")
    assert card["source"]["topic"]["code"] == level
    assert "**Why**" in card["detail"]
    if level != "self_care":
        assert "**Red flags**" in card["detail"]


async def test_the_latest_response_of_the_bundle_is_the_one_assessed() -> None:
    prefetch = {
        "intake": _bundle(("2026-11-01T09:00:00Z", RUNNER), ("2026-11-30T09:00:00Z", EMERGENCY))
    }
    async with client() as http:
        answer = await http.post(f"/cds-services/{SERVICE_ID}", json=_call(prefetch))
    assert answer.json()["cards"][0]["indicator"] == "critical"


async def test_a_missing_prefetch_is_412_as_the_specification_says() -> None:
    async with client() as http:
        answer = await http.post(f"/cds-services/{SERVICE_ID}", json=_call(None))
    assert answer.status_code == 412
    assert answer.headers["content-type"] == "application/problem+json"


async def test_a_null_prefetch_means_no_intake_and_gets_no_cards() -> None:
    async with client() as http:
        answer = await http.post(f"/cds-services/{SERVICE_ID}", json=_call({"intake": None}))
    assert answer.status_code == 200
    assert answer.json() == {"cards": []}


async def test_a_bad_prefetched_response_is_a_422_problem_naming_the_link_id() -> None:
    response = response_from_intake(RUNNER)
    response["item"][0]["item"][0]["linkId"] = "sadle_numbness"
    async with client() as http:
        answer = await http.post(f"/cds-services/{SERVICE_ID}", json=_call({"intake": response}))
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["loc"][:2] == ["prefetch", "intake"]
    assert error["suggestion"] == "saddle_numbness"


async def test_an_unknown_service_is_a_404() -> None:
    async with client() as http:
        answer = await http.post("/cds-services/another", json=_call({"intake": None}))
    assert answer.status_code == 404
