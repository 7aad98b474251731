"""`/fhir/...`: the intake as a FHIR Questionnaire, a QuestionnaireResponse assessed into a
RiskAssessment, the SDC adaptive form, and the CodeSystem of the answers.

Resources are built by the core (`triage.fhir`) as plain dicts and sent as
`application/fhir+json`; errors on these routes are OperationOutcomes (`api.problems`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api.fhir_openapi import fhir_body, fhir_responses
from api.json_body import marked_body
from api.responses import FHIR_MEDIA_TYPE, fhir_response
from triage.assessment.pipeline import assess
from triage.fhir.adaptive import next_question_response
from triage.fhir.questionnaire import answer_code_system, questionnaire
from triage.fhir.response import read_response
from triage.fhir.risk import risk_assessment

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


@router.post(
    "/QuestionnaireResponse/$assess",
    operation_id="assessFhirQuestionnaireResponse",
    summary="Assess a QuestionnaireResponse into a FHIR RiskAssessment",
    response_class=Response,
    responses=fhir_responses("RiskAssessment", "The assessment", 400, 413, 415, 422),
    openapi_extra=fhir_body("QuestionnaireResponse", "Answers to the intake Questionnaire"),
)
async def assess_response(request: Request) -> Response:
    """Assess a QuestionnaireResponse to the intake Questionnaire, exactly as `/v1/assessments`
    assesses the same answers, and answer a RiskAssessment: the likelihood of tendinopathy as
    `prediction.probabilityDecimal` and `qualitativeRisk`, the triage level and the red flags as
    extensions and notes, who to see and how soon as `mitigation`, and `basis` the response.

    A bad response (an unknown linkId, a wrong answer type, an item or a key given twice) is a 422
    OperationOutcome whose issues name the item's linkId in `expression`.
    """
    response = await marked_body(request)
    return fhir_response(risk_assessment(assess(read_response(response)), response))


@router.post(
    "/Questionnaire/$next-question",
    operation_id="nextFhirQuestion",
    summary="SDC adaptive form: the next question",
    response_class=Response,
    responses=fhir_responses("QuestionnaireResponse", "The response, updated", 400, 413, 415, 422),
    openapi_extra=fhir_body(
        "Parameters", "A 'questionnaire-response' parameter: the response so far"
    ),
)
async def next_fhir_question(request: Request) -> Response:
    """The SDC adaptive form: send `Parameters` with a `questionnaire-response` whose contained
    Questionnaire holds the items asked so far; get the response back with the next item added to
    that Questionnaire, or with `status: completed` when the interview stops (then `$assess` gives
    its RiskAssessment). The same logic as `/v1/interview`: warning signs first, an emergency stops
    at once. An item sent without an answer was asked and is not known.
    """
    updated, _ = next_question_response(await marked_body(request))
    return fhir_response(updated)
