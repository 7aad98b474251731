"""Hostile bodies on every route that takes one: never a 500, always a 4xx problem (or, on FHIR
routes, an OperationOutcome) saying what is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.support import APP, client

pytestmark = pytest.mark.anyio

TOO_MANY_DIGITS = "1" * 5_000
"""Past Python's limit of 4,300 digits for turning text into an integer."""

BODIES = {
    "invalid UTF-8": b'{"age": 30, "answers": {"sit_bone_pain": "\xff\xfe"}}',
    "an integer of 5,000 digits": b'{"age": %s, "answers": {}}' % TOO_MANY_DIGITS.encode(),
    "a FHIR answer of 5,000 digits": (
        b'{"resourceType": "QuestionnaireResponse", "status": "completed", "item": '
        b'[{"linkId": "age", "answer": [{"valueInteger": %s}]}]}' % TOO_MANY_DIGITS.encode()
    ),
    "a CDS Hooks context of 5,000 digits": (
        b'{"hook": "patient-view", "hookInstance": "h", "context": {"patientId": %s}}'
        % TOO_MANY_DIGITS.encode()
    ),
}

MEDIA_TYPES = ("application/json", "application/fhir+json", "text/csv", "application/x-ndjson")


def _posted_paths() -> list[str]:
    paths = APP.openapi()["paths"]
    return [
        path.replace("{service_id}", "pht-triage") for path, ops in paths.items() if "post" in ops
    ]


def _is_error_document(response: Any) -> bool:
    kind = response.headers.get("content-type", "")
    if kind.startswith("application/fhir+json"):
        return bool(response.json()["resourceType"] == "OperationOutcome")
    return kind.startswith("application/problem+json") and int(response.json()["status"]) >= 400


@pytest.mark.parametrize("media", MEDIA_TYPES)
@pytest.mark.parametrize("name", list(BODIES))
async def test_no_route_answers_a_hostile_body_with_a_server_error(name: str, media: str) -> None:
    body = BODIES[name]
    async with client() as http:
        for path in _posted_paths():
            response = await http.post(path, content=body, headers={"content-type": media})
            assert response.status_code < 500, (path, name, media, response.text[:200])
            if path == "/v1/screenings" and name != "invalid UTF-8":
                continue  # a file of forms: a bad row is answered in its place, with 200
            assert 400 <= response.status_code < 500, (path, name, media)
            assert _is_error_document(response), (path, name, media)
