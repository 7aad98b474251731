"""`/fhir/...`: the intake as a FHIR Questionnaire, and the CodeSystem of its answers.

Resources are built by the core (`triage.fhir`) as plain dicts and sent as
`application/fhir+json`; errors on these routes are OperationOutcomes (`api.problems`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from api.responses import FHIR_MEDIA_TYPE, fhir_response
from triage.fhir.questionnaire import answer_code_system, questionnaire

router = APIRouter(prefix="/fhir", tags=["fhir"])

_RESOURCE: dict[int | str, dict[str, Any]] = {
    200: {"content": {FHIR_MEDIA_TYPE: {"schema": {"type": "object"}}}}
}


@router.get(
    "/Questionnaire/pht-intake",
    operation_id="getFhirQuestionnaire",
    summary="The intake as a FHIR R4 Questionnaire",
    response_class=Response,
    responses=_RESOURCE,
)
async def get_questionnaire() -> Response:
    """The intake form as a FHIR R4 Questionnaire (SDC): one item per question, `linkId` its id,
    grouped by section with the warning signs first; `url` and `version` name it canonically."""
    return fhir_response(questionnaire())


@router.get(
    "/CodeSystem/answer",
    operation_id="getFhirAnswerCodeSystem",
    summary="The CodeSystem of yes/no answers",
    response_class=Response,
    responses=_RESOURCE,
)
async def get_answer_code_system() -> Response:
    """The codes of a yes/no answer in the Questionnaire: `yes`, `no` and `unknown`."""
    return fhir_response(answer_code_system())
