"""`/cds-services`: CDS Hooks discovery and the `patient-view` triage service (`triage.fhir.cds`).

Errors here are RFC 9457 problems, like every route outside `/fhir/`; a missing prefetch is a 412,
as the CDS Hooks specification says (see `triage.fhir.cds`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from api.json_body import marked_body
from api.problems import documented
from triage.fhir.cds import SERVICE_ID, MissingPrefetchError, discovery, service_response

router = APIRouter(prefix="/cds-services", tags=["cds-hooks"])

_OBJECT = {"content": {"application/json": {"schema": {"type": "object"}}}}

_CDS_REQUEST: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "A CDS Hooks request: hook, hookInstance, context, prefetch.",
                    "properties": {
                        "hook": {"type": "string", "enum": ["patient-view"]},
                        "hookInstance": {"type": "string"},
                        "context": {"type": "object"},
                        "prefetch": {"type": "object"},
                    },
                }
            }
        },
    }
}


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
async def call_service(service_id: str, request: Request) -> JSONResponse:
    """One card: `critical` for an emergency level, `warning` for `consultation_24`, `info`
    otherwise, with the reasons, the red flags and the advice in its markdown detail.

    Without the `intake` prefetch the answer is 412 Precondition Failed: the service never fetches
    data itself. A prefetch of null (no intake for this patient) gets no cards.
    """
    if service_id != SERVICE_ID:
        raise HTTPException(404)
    body = await marked_body(request)
    if not isinstance(body, dict):
        raise HTTPException(422, "The body must be a CDS Hooks request object.")
    try:
        return JSONResponse(service_response(body))
    except MissingPrefetchError as missing:
        raise HTTPException(412, missing.message) from None
