"""`/fhir/...`: a FHIR R4 server a client can discover: `metadata`, the intake Questionnaire and
its SDC adaptive form, `$assess` into a RiskAssessment, and every CodeSystem, StructureDefinition
and OperationDefinition the resources reference, each at the path of its canonical URL.

Resources are built by the core (`triage.fhir`) as plain dicts and sent as
`application/fhir+json`; `_format` and `Accept` are honoured (`api.fhir_format`: JSON only, else
406); errors on these routes are OperationOutcomes (`api.problems`).
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException

from api.deps import triage_of
from api.fhir_format import fhir_format
from api.fhir_openapi import fhir_body, fhir_responses
from api.json_body import marked_body
from api.responses import fhir_response
from rules.vocabulary import Audience
from triage.fhir import (
    OPERATIONS,
    RESOURCE,
    capability_statement,
    intake_questionnaire,
    next_question_response,
    read_response,
    resource_parameter,
    risk_assessment,
    served,
)

router = APIRouter(prefix="/fhir", tags=["fhir"], dependencies=[Depends(fhir_format)])


def _read(kind: str, description: str) -> dict[int | str, dict[str, Any]]:
    return fhir_responses(kind, description, 404, 406, 422)


@router.get(
    "/metadata",
    operation_id="getFhirCapabilityStatement",
    summary="The FHIR server's CapabilityStatement",
    response_class=Response,
    responses=_read("CapabilityStatement", "What the server serves"),
)
async def get_metadata(request: Request) -> Response:
    """What this FHIR server serves: its resources, operations (with their OperationDefinitions)
    and formats (JSON only), as a FHIR R4 CapabilityStatement."""
    base = str(request.url_for("get_metadata")).removesuffix("/metadata")
    return fhir_response(capability_statement(base, version("pht-triage")))


@router.get(
    "/Questionnaire/pht-intake",
    operation_id="getFhirQuestionnaire",
    summary="The intake as a FHIR R4 Questionnaire",
    response_class=Response,
    responses=_read("Questionnaire", "The intake Questionnaire"),
)
async def get_questionnaire() -> Response:
    """The intake form as a FHIR R4 Questionnaire (SDC): one item per question, `linkId` its id,
    grouped by section with the warning signs first; `url` and `version` name it canonically."""
    return fhir_response(intake_questionnaire())


_DEFINITIONS = ("CodeSystem", "StructureDefinition", "OperationDefinition")


@router.post(
    "/QuestionnaireResponse/$assess",
    operation_id="assessFhirQuestionnaireResponse",
    summary="Assess a QuestionnaireResponse into a FHIR RiskAssessment",
    response_class=Response,
    responses=fhir_responses("RiskAssessment", "The assessment", 400, 406, 413, 415, 422),
    openapi_extra=fhir_body(
        "QuestionnaireResponse",
        "Answers to the intake Questionnaire (or Parameters with a 'questionnaire-response')",
    ),
)
async def assess_response(request: Request) -> Response:
    """Assess a QuestionnaireResponse to the intake Questionnaire, exactly as `/v1/assessments`
    assesses the same answers, and answer a RiskAssessment: the likelihood of tendinopathy as
    `prediction.probabilityDecimal` and `qualitativeRisk`, the triage level and the red flags as
    extensions and notes, who to see and how soon as `mitigation`, and `basis` the response. The
    response may be sent bare, or as `Parameters` with a `questionnaire-response` parameter.

    A bad response (an unknown linkId, a wrong answer type, an item or a key given twice) is a 422
    OperationOutcome whose issues name the item's linkId in `expression`.
    """
    response = resource_parameter(await marked_body(request), "questionnaire-response", RESOURCE)
    return fhir_response(
        risk_assessment(triage_of(request).assess(read_response(response)), response)
    )


@router.post(
    "/Questionnaire/$next-question",
    operation_id="nextFhirQuestion",
    summary="SDC adaptive form: the next question",
    response_class=Response,
    responses=fhir_responses(
        "QuestionnaireResponse", "The response, updated", 400, 406, 413, 415, 422
    ),
    openapi_extra=fhir_body(
        "Parameters", "A 'questionnaire-response' parameter: the response so far"
    ),
)
async def next_fhir_question(
    request: Request,
    audience: Annotated[
        Audience | None,
        Query(
            description="Who fills the form: `patient` (the default) is never issued an "
            "examination item, which then counts as not done; `clinician` is issued them, last. "
            "Also taken as a Parameters parameter (`valueCode`)."
        ),
    ] = None,
    grouped: Annotated[
        bool | None,
        Query(
            description="True to be issued grouped questions (contract §6): the item appended is "
            "then a `group` item holding several questions when the interview asks them in one "
            "turn, their answers nested under it; a question of it left out is not known. "
            "Without it, one question a call. Also taken as a Parameters parameter "
            "(`valueBoolean`)."
        ),
    ] = None,
) -> Response:
    """The SDC adaptive form: send `Parameters` with a `questionnaire-response` whose contained
    Questionnaire holds the items issued so far; get the response back with the next item appended
    to that Questionnaire, or with `status: completed` when the interview stops (then `$assess`
    gives its RiskAssessment). The same logic as `/v1/interview`: warning signs first, an
    emergency stops at once. An item issued and left out, or sent without an answer, was asked and
    is not known. A patient's form (the default) never asks an examination item; a clinician's
    (`?audience=clinician`) asks them last. One item a call, as the operation appends one: with
    `?grouped=true` that item may be a group of questions asked together.
    """
    updated, _ = next_question_response(
        await marked_body(request), triage_of(request), audience, grouped=grouped
    )
    return fhir_response(updated)


class _DefinitionType(Convertor[str]):
    """Only the types of definition served match the path, so that `/{type}/{id}` never takes
    `/QuestionnaireResponse/$assess`: another method there is a 405 naming POST, not a 404."""

    regex = "|".join(_DEFINITIONS)

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("fhir_definition", _DefinitionType())


@router.get(
    "/{definition_type:fhir_definition}/{definition_id}",
    operation_id="getFhirDefinition",
    summary="A CodeSystem, extension or operation the resources reference",
    response_class=Response,
    responses=_read("Resource", "The definition, at the path of its canonical URL"),
)
async def get_definition(
    definition_type: Annotated[
        str, Path(json_schema_extra={"enum": list(_DEFINITIONS)}, description="The type.")
    ],
    definition_id: str,
) -> Response:
    """Every definition the resources reference, served at the path of its canonical URL: the
    CodeSystems of the answers (`answer`), triage levels (`triage-level`), red flags (`red-flag`)
    and conditions (`condition`); the StructureDefinitions of the RiskAssessment's extensions
    (`triage-level`, `red-flag`); the OperationDefinitions (`QuestionnaireResponse-assess`,
    `Questionnaire-next-question`)."""
    if definition_type == "OperationDefinition":
        build = OPERATIONS.get(definition_id)
        return fhir_response(_found(build() if build is not None else None))
    return fhir_response(_found(served(definition_type, definition_id)))


def _found(resource: dict[str, Any] | None) -> dict[str, Any]:
    if resource is None:
        raise HTTPException(404)
    return resource
