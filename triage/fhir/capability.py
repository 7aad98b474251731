"""What the FHIR server serves, as a client discovers it: the CapabilityStatement of `/fhir/metadata`
and the OperationDefinitions of `$assess` and `$next-question` (FHIR R4 capabilitystatement.html,
operationdefinition.html).

The server reads JSON only (`application/fhir+json`, `application/json`, `_format=json`); XML and
Turtle are answered 406. Its resources: the intake Questionnaire (read) with the SDC
`$next-question` operation, `$assess` on QuestionnaireResponse, and the CodeSystems,
StructureDefinitions and OperationDefinitions the resources reference (read).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from triage.fhir import canonical
from triage.fhir.narrative import with_narrative
from triage.fhir.terminology import CODE_SYSTEMS, STRUCTURE_DEFINITIONS

FHIR_VERSION = "4.0.1"
FORMATS = ("json", "application/fhir+json", "application/json")
"""The `_format` values the server accepts (FHIR R4 http.html#mime-type): JSON only."""

SDC_NEXT_QUESTION = "http://hl7.org/fhir/uv/sdc/OperationDefinition/Questionnaire-next-question"


def _parameter(
    name: str, use: str, kind: str, documentation: str, *, minimum: int = 1
) -> dict[str, Any]:
    return {
        "name": name,
        "use": use,
        "min": minimum,
        "max": "1",
        "documentation": documentation,
        "type": kind,
    }


def _operation(
    code: str, resource: str, title: str, description: str, parameters: list[dict[str, Any]]
) -> dict[str, Any]:
    name = f"{resource}-{code}"
    found: dict[str, Any] = {
        "resourceType": "OperationDefinition",
        "id": name,
        "url": f"{canonical.BASE}/OperationDefinition/{name}",
        "version": canonical.VERSION,
        "name": "".join(part.capitalize() for part in code.split("-")),
        "title": title,
        "status": "active",
        "kind": "operation",
        "publisher": "pht-triage",
        "description": description,
        "affectsState": False,
        "code": code,
        "resource": [resource],
        "system": False,
        "type": True,
        "instance": False,
        "parameter": parameters,
    }
    lines = [f"{p['use']} {p['name']} ({p['type']}): {p['documentation']}" for p in parameters]
    return with_narrative(found, f"{title}: POST [base]/{resource}/${code}", lines)


@cache
def assess_operation() -> dict[str, Any]:
    """The OperationDefinition of `QuestionnaireResponse/$assess`."""
    return _operation(
        "assess",
        "QuestionnaireResponse",
        "Assess an intake",
        "Assess a QuestionnaireResponse to the intake Questionnaire into a RiskAssessment: the "
        "triage level, the red flags, the likelihood and the reasons. Sent bare or as Parameters.",
        [
            _parameter(
                "questionnaire-response", "in", "QuestionnaireResponse", "The answers to assess."
            ),
            _parameter("return", "out", "RiskAssessment", "The assessment of the answers."),
        ],
    )


@cache
def next_question_operation() -> dict[str, Any]:
    """The OperationDefinition of `Questionnaire/$next-question` (SDC's, as this server runs it)."""
    found = _operation(
        "next-question",
        "Questionnaire",
        "Adaptive intake: the next question",
        "SDC adaptive form: the response with its contained Questionnaire's next item appended, "
        "or completed when the interview stops. An item issued and left out was asked and is "
        "not known.",
        [
            _parameter(
                "questionnaire-response",
                "in",
                "QuestionnaireResponse",
                "The response so far, its contained adaptive Questionnaire holding the items issued.",
            ),
            _parameter(
                "audience",
                "in",
                "code",
                "Who fills the form: patient (the default) is never issued an examination item; "
                "clinician is issued them, last. A Parameters parameter or ?audience=.",
                minimum=0,
            ),
            _parameter(
                "grouped",
                "in",
                "boolean",
                "true to be issued grouped questions: the item appended is then a group item "
                "holding the questions the interview asks in one turn (their answers nested "
                "under it); false (the default), one question a call. A Parameters parameter "
                "or ?grouped=.",
                minimum=0,
            ),
            _parameter(
                "return",
                "out",
                "QuestionnaireResponse",
                "The response with the next item (a question, or a group) appended.",
            ),
        ],
    )
    found["base"] = SDC_NEXT_QUESTION
    return found


OPERATIONS = {
    "QuestionnaireResponse-assess": assess_operation,
    "Questionnaire-next-question": next_question_operation,
}
"""Every OperationDefinition served, by id."""


def _read(kind: str) -> dict[str, Any]:
    return {"type": kind, "interaction": [{"code": "read"}]}


def capability_statement(base_url: str, software_version: str) -> dict[str, Any]:
    """The server's CapabilityStatement; `base_url` is where its `/fhir` is served."""
    questionnaire = _read("Questionnaire")
    questionnaire["operation"] = [
        {"name": "next-question", "definition": next_question_operation()["url"]}
    ]
    response = {
        "type": "QuestionnaireResponse",
        "operation": [{"name": "assess", "definition": assess_operation()["url"]}],
    }
    found = {
        "resourceType": "CapabilityStatement",
        "id": "pht-triage",
        "version": canonical.VERSION,
        "name": "PhtTriageServer",
        "title": "pht-triage FHIR server",
        "status": "active",
        "date": "2026-12-06",
        "publisher": "pht-triage",
        "description": "Sit-bone pain triage: the intake Questionnaire, its SDC adaptive form, "
        "and the assessment of a response into a RiskAssessment.",
        "kind": "instance",
        "software": {"name": "pht-triage", "version": software_version},
        "implementation": {"description": "pht-triage", "url": base_url},
        "fhirVersion": FHIR_VERSION,
        "format": ["json", "application/fhir+json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "JSON only; XML and Turtle are answered 406. Errors are "
                "OperationOutcomes.",
                "resource": [
                    questionnaire,
                    response,
                    _read("CodeSystem"),
                    _read("StructureDefinition"),
                    _read("OperationDefinition"),
                ],
            }
        ],
    }
    lines = [
        "Questionnaire: read, $next-question",
        "QuestionnaireResponse: $assess",
        f"CodeSystem: {', '.join(CODE_SYSTEMS)}",
        f"StructureDefinition: {', '.join(STRUCTURE_DEFINITIONS)}",
        f"OperationDefinition: {', '.join(OPERATIONS)}",
    ]
    return with_narrative(found, "pht-triage FHIR server (FHIR R4, JSON)", lines)
