"""Errors as a FHIR OperationOutcome: one issue per bad field, its FHIRPath in `expression`.

A problem found in a QuestionnaireResponse (`triage.fhir.response.ItemProblem`) carries the
FHIRPath of the item, naming its linkId (`QuestionnaireResponse.item.where(linkId='red_flag')
.item.where(linkId='saddle_numbness')`); any other field problem names its dotted path.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from triage.errors import FieldProblem

_STATUS_CODES = {
    400: "structure",
    404: "not-found",
    405: "not-supported",
    412: "required",
    413: "too-long",
    415: "not-supported",
    422: "invalid",
    500: "exception",
}
"""The issue type (FHIR `IssueType`) of an error without bad fields, by HTTP status."""

_PROBLEM_CODES = {
    "duplicate_key": "duplicate",
    "repeated_item": "duplicate",
    "repeated_answer": "duplicate",
    "unknown_link_id": "not-found",
    "unknown_question": "not-found",
    "unknown_field": "structure",
    "json_invalid": "structure",
    "wrong_answer_type": "value",
    "number_out_of_range": "value",
    "number_expected": "value",
    "yes_no_expected": "value",
}
"""The issue type of a bad field, by the core's problem type; `invalid` for any other."""


def operation_outcome(
    status: int, detail: str, problems: Iterable[FieldProblem] = ()
) -> dict[str, Any]:
    """An OperationOutcome for an error: one issue per bad field, or one for the whole request."""
    issues = [_issue(problem) for problem in problems]
    if not issues:
        issues = [
            {
                "severity": "error",
                "code": _STATUS_CODES.get(status, "processing"),
                "diagnostics": detail,
            }
        ]
    return {"resourceType": "OperationOutcome", "issue": issues}


def _issue(problem: FieldProblem) -> dict[str, Any]:
    expression = getattr(problem, "expression", None) or problem.path
    return {
        "severity": "error",
        "code": _PROBLEM_CODES.get(problem.type, "invalid"),
        "details": {"text": problem.message},
        "diagnostics": problem.type,
        "expression": [expression],
    }
