"""HL7 FHIR R4 for clinics: the intake as a Questionnaire, a QuestionnaireResponse read into an
intake, the assessment as a RiskAssessment, the SDC adaptive form and CDS Hooks cards.

Resources are built as plain JSON-ready dicts: the runtime needs no FHIR library, and the tests
validate every resource emitted with `fhir.resources` (its R4B classes read R4 resources).
"""

from triage.fhir.adaptive import next_question_response
from triage.fhir.capability import FORMATS, OPERATIONS, capability_statement
from triage.fhir.cds import CONTEXT_REQUIRED, SERVICE_ID, discovery, service_response
from triage.fhir.cds_feedback import check_feedback
from triage.fhir.outcome import operation_outcome
from triage.fhir.parameters import resource_parameter
from triage.fhir.questionnaire import questionnaire as intake_questionnaire
from triage.fhir.response import RESOURCE, intake_data, read_response
from triage.fhir.risk import risk_assessment
from triage.fhir.terminology import served

__all__ = [
    "CONTEXT_REQUIRED",
    "FORMATS",
    "OPERATIONS",
    "RESOURCE",
    "SERVICE_ID",
    "capability_statement",
    "check_feedback",
    "discovery",
    "intake_data",
    "intake_questionnaire",
    "next_question_response",
    "operation_outcome",
    "read_response",
    "resource_parameter",
    "risk_assessment",
    "served",
    "service_response",
]
