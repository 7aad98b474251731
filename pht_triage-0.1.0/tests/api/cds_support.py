"""What the CDS Hooks tests share: a `patient-view` call and the prefetched intakes it carries."""

from __future__ import annotations

from typing import Any

from triage.fhir.response import response_from_intake

HOOK_INSTANCE = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"


def intake_response(
    intake: dict[str, Any],
    *,
    patient: str = "p1",
    authored: str = "2026-11-30T10:00:00Z",
    status: str = "completed",
) -> dict[str, Any]:
    """A QuestionnaireResponse holding an intake, about a patient, authored at a given instant."""
    response = response_from_intake(intake, status=status)
    return {**response, "subject": {"reference": f"Patient/{patient}"}, "authored": authored}


def bundle(*intakes: tuple[str, dict[str, Any]], patient: str = "p1") -> dict[str, Any]:
    """A searchset Bundle of completed intakes about one patient, each with its `authored`."""
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [
            {"resource": intake_response(intake, patient=patient, authored=authored)}
            for authored, intake in intakes
        ],
    }


def call(
    prefetched: dict[str, Any] | None, *, patient: str = "p1", raw: bool = False
) -> dict[str, Any]:
    """A `patient-view` call for a patient with `intake` prefetched (`raw`: the prefetch as given)."""
    body: dict[str, Any] = {
        "hook": "patient-view",
        "hookInstance": HOOK_INSTANCE,
        "context": {"userId": "Practitioner/example", "patientId": patient},
    }
    if prefetched is not None:
        body["prefetch"] = prefetched if raw else {"intake": prefetched}
    return body


def searchset(*responses: dict[str, Any]) -> dict[str, Any]:
    """A searchset Bundle of the responses given, as they are."""
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": response} for response in responses],
    }
