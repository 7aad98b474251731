"""`/cds-services`: CDS Hooks 2.0 discovery, the `patient-view` triage service (`triage.fhir.cds`)
and its feedback endpoint (`triage.fhir.cds_feedback`).

Errors here are RFC 9457 problems, like every route outside `/fhir/`, made by `api.problems`: a
request missing a field the specification requires, or for a hook not offered, is a 400 naming each
field (`CdsRequestError`); a missing prefetch is a 412, as the specification says
(`MissingPrefetchError`, see `triage.fhir.cds`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from api.deps import triage_of
from api.json_body import marked_body
from api.problems import documented
from triage.fhir import CONTEXT_REQUIRED, SERVICE_ID, check_feedback, discovery, service_response

router = APIRouter(prefix="/cds-services", tags=["cds-hooks"])

_OBJECT = {"content": {"application/json": {"schema": {"type": "object"}}}}


def _json_body(
    description: str, required: list[str], properties: dict[str, Any], **more: Any
) -> dict[str, Any]:
    """`openapi_extra` for a route whose body is one JSON object."""
    schema = {
        "type": "object",
        "description": description,
        "required": required,
        "properties": properties,
        **more,
    }
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


_TEXT = {"type": "string", "minLength": 1}

_CDS_REQUEST = _json_body(
    "A CDS Hooks request: hook, hookInstance, context, prefetch. What CDS Hooks 2.0 requires of a "
    "patient-view call is required here as the service requires it (a 400 names what is missing).",
    ["hook", "hookInstance", "context"],
    {
        "hook": {"type": "string", "enum": ["patient-view"]},
        "hookInstance": _TEXT,
        "context": {
            "type": "object",
            "required": list(CONTEXT_REQUIRED),
            "properties": dict.fromkeys(CONTEXT_REQUIRED, _TEXT),
        },
        "prefetch": {"type": "object"},
        "fhirServer": {"type": "string"},
        "fhirAuthorization": {"type": "object"},
    },
    dependentRequired={"fhirAuthorization": ["fhirServer"]},
)
_FEEDBACK = _json_body(
    "CDS Hooks feedback: what became of each card.",
    ["feedback"],
    {"feedback": {"type": "array", "items": {"type": "object"}}},
)


@router.get(
    "",
    operation_id="discoverCdsServices",
    summary="CDS Hooks discovery",
    responses={200: {"description": "The services", **_OBJECT}},
)
async def discover() -> JSONResponse:
    """The one service: `patient-view`, with the prefetch `intake` for the patient's latest
    QuestionnaireResponse to the intake Questionnaire."""
    return JSONResponse(discovery())


@router.post(
    "/{service_id}",
    operation_id="callCdsService",
    summary="Call the triage service: cards for the patient's latest intake",
    responses={200: {"description": "The cards", **_OBJECT}, **documented(400, 404, 412, 415, 422)},
    openapi_extra=_CDS_REQUEST,
)
async def call_service(service_id: str, request: Request) -> Response:
    """One card: `critical` for an emergency level, `warning` for `consultation_24`, `info`
    otherwise, with the reasons, the red flags and the advice in its markdown detail.

    Without the `intake` prefetch the answer is 412 Precondition Failed: the service never fetches
    data itself. A prefetch of null (no intake for this patient) gets no cards.
    """
    if service_id != SERVICE_ID:
        raise HTTPException(404)
    return JSONResponse(service_response(await marked_body(request), triage_of(request)))


@router.post(
    "/{service_id}/feedback",
    operation_id="sendCdsFeedback",
    summary="Feedback on the service's cards",
    responses={200: {"description": "Acknowledged", **_OBJECT}, **documented(400, 404, 415)},
    openapi_extra=_FEEDBACK,
)
async def feedback(service_id: str, request: Request) -> Response:
    """What became of each card (`accepted` or `overridden`), naming it by its `uuid`. The
    service stores nothing about patients or cards, so feedback is checked and acknowledged."""
    if service_id != SERVICE_ID:
        raise HTTPException(404)
    check_feedback(await marked_body(request))
    return JSONResponse({})
