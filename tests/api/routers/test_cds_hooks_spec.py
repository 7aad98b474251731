"""CDS Hooks 2.0 as written: required request fields, `uuid` on every card, the feedback endpoint,
and the fields the specification requires of discovery documents and cards."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from api.examples import EMERGENCY, RUNNER
from tests.api.cds_support import call, intake_response
from tests.api.support import client
from triage.fhir.cds import SERVICE_ID

pytestmark = pytest.mark.anyio

SERVICE = f"/cds-services/{SERVICE_ID}"

CARD_REQUIRED = {"uuid", "summary", "indicator", "source"}
"""A card's required fields (CDS Hooks 2.0, "Card Attributes"; `uuid` is needed for feedback)."""
INDICATORS = {"info", "warning", "critical"}
SERVICE_REQUIRED = {"hook", "description", "id"}
"""A discovery entry's required fields (CDS Hooks 2.0, "Discovery")."""


def _without(path: tuple[str, ...]) -> dict[str, Any]:
    body = call(intake_response(RUNNER))
    where = body
    for name in path[:-1]:
        where = where[name]
    del where[path[-1]]
    return body


REQUIRED = [
    ("hook",),
    ("hookInstance",),
    ("context",),
    ("context", "patientId"),
    ("context", "userId"),
]
"""What CDS Hooks 2.0 requires of a patient-view request, and the service with it."""


@pytest.mark.parametrize("path", REQUIRED)
async def test_a_request_missing_a_required_field_is_a_400_naming_it(
    path: tuple[str, ...],
) -> None:
    async with client() as http:
        answer = await http.post(SERVICE, json=_without(path))
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    assert [error["loc"] for error in answer.json()["errors"]] == [list(path)]


async def test_the_published_schema_requires_every_field_the_service_requires() -> None:
    # schemathesis found `context: {}` valid by the schema and refused by the service.
    async with client() as http:
        openapi = (await http.get("/openapi.json")).json()
    body = openapi["paths"]["/cds-services/{service_id}"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    for path in REQUIRED:
        where = schema
        for name in path[:-1]:
            where = where["properties"][name]
        assert path[-1] in where["required"], path
        if where["properties"][path[-1]].get("type") == "string":
            assert (
                where["properties"][path[-1]].get("minLength") == 1
                or "enum" in where["properties"][path[-1]]
            ), path
    assert schema["dependentRequired"] == {"fhirAuthorization": ["fhirServer"]}


async def test_an_empty_context_is_a_400_naming_each_field_it_lacks() -> None:
    body = {**call(intake_response(RUNNER)), "context": {}}
    async with client() as http:
        answer = await http.post(SERVICE, json=body)
    assert answer.status_code == 400
    assert [error["loc"] for error in answer.json()["errors"]] == [
        ["context", "userId"],
        ["context", "patientId"],
    ]


async def test_a_hook_the_service_does_not_offer_is_a_400() -> None:
    body = {**call(intake_response(RUNNER)), "hook": "order-select"}
    async with client() as http:
        answer = await http.post(SERVICE, json=body)
    assert answer.status_code == 400
    [error] = answer.json()["errors"]
    assert error["loc"] == ["hook"] and error["type"] == "hook_not_offered"


async def test_fhir_authorization_without_fhir_server_is_a_400() -> None:
    body = {**call(intake_response(RUNNER)), "fhirAuthorization": {"access_token": "x"}}
    async with client() as http:
        answer = await http.post(SERVICE, json=body)
    assert answer.status_code == 400


@pytest.mark.parametrize("body", [[], "patient-view", 3])
async def test_a_body_that_is_not_a_request_object_is_a_400(body: Any) -> None:
    async with client() as http:
        answer = await http.post(SERVICE, json=body)
    assert answer.status_code == 400


async def test_the_discovery_document_has_every_required_field() -> None:
    async with client() as http:
        services = (await http.get("/cds-services")).json()["services"]
    for service in services:
        assert set(service) >= SERVICE_REQUIRED
        assert all(isinstance(service[name], str) for name in SERVICE_REQUIRED)
        assert all(isinstance(v, str) for v in service["prefetch"].values())


@pytest.mark.parametrize(
    "response",
    [
        intake_response(EMERGENCY),
        intake_response(EMERGENCY, patient="p9"),
        intake_response(RUNNER, status="in-progress"),
    ],
)
async def test_every_card_has_the_required_fields_and_a_fresh_uuid(
    response: dict[str, Any],
) -> None:
    async with client() as http:
        first = (await http.post(SERVICE, json=call(response))).json()["cards"]
        second = (await http.post(SERVICE, json=call(response))).json()["cards"]
    for card in [*first, *second]:
        assert set(card) >= CARD_REQUIRED
        assert card["indicator"] in INDICATORS
        assert isinstance(card["source"]["label"], str)
        assert len(card["summary"]) < 140
        uuid.UUID(card["uuid"])
    assert first[0]["uuid"] != second[0]["uuid"]


async def test_feedback_on_a_card_is_acknowledged() -> None:
    async with client() as http:
        [card] = (await http.post(SERVICE, json=call(intake_response(EMERGENCY)))).json()["cards"]
        feedback = {
            "feedback": [
                {
                    "card": card["uuid"],
                    "outcome": "overridden",
                    "overrideReason": {"userComment": "Seen in clinic today"},
                    "outcomeTimestamp": "2026-12-01T10:00:00Z",
                },
                {
                    "card": card["uuid"],
                    "outcome": "accepted",
                    "acceptedSuggestions": [],
                    "outcomeTimestamp": "2026-12-01T10:01:00Z",
                },
            ]
        }
        answer = await http.post(f"{SERVICE}/feedback", json=feedback)
    assert answer.status_code == 200
    assert answer.json() == {}


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"outcome": "accepted", "outcomeTimestamp": "2026-12-01T10:00:00Z"}, "card"),
        ({"card": "card-1", "outcome": "accepted", "outcomeTimestamp": "x"}, "card"),
        ({"card": str(uuid.uuid4()), "outcome": "ignored", "outcomeTimestamp": "x"}, "outcome"),
        ({"card": str(uuid.uuid4()), "outcome": "accepted"}, "outcomeTimestamp"),
    ],
)
async def test_bad_feedback_is_a_400_naming_the_field(item: dict[str, Any], field: str) -> None:
    async with client() as http:
        answer = await http.post(f"{SERVICE}/feedback", json={"feedback": [item]})
    assert answer.status_code == 400
    [error] = answer.json()["errors"]
    assert error["loc"] == ["feedback", 0, field]


async def test_feedback_without_items_is_a_400() -> None:
    async with client() as http:
        empty = await http.post(f"{SERVICE}/feedback", json={"feedback": []})
        missing = await http.post(f"{SERVICE}/feedback", json={})
    assert empty.status_code == missing.status_code == 400
