"""HL7 FHIR R4 for clinics: the intake as a Questionnaire, a QuestionnaireResponse read into an
intake, the assessment as a RiskAssessment, the SDC adaptive form and CDS Hooks cards.

Resources are built as plain JSON-ready dicts: the runtime needs no FHIR library, and the tests
validate every resource emitted with `fhir.resources` (its R4B classes read R4 resources).
"""
