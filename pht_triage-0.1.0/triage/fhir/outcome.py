"""Errors as a FHIR OperationOutcome: one issue per bad field, its FHIRPath in `expression`.

A problem found in a QuestionnaireResponse (`triage.fhir.response.ItemProblem`) carries the
FHIRPath of the item, naming its linkId (`QuestionnaireResponse.item.where(linkId='red_flag')
.item.where(linkId='saddle_numbness')`); any other field problem names its dotted path.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from triage.errors import FieldProblem
from triage.fhir.narrative import with_narrative

_STATUS_CODES = {
    400: "structure",
    401: "login",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    408: "timeout",
    412: "required",
    413: "too-long",
    415: "not-supported",
    422: "invalid",
    429: "throttled",
    500: "exception",
    503: "transient",
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
    "list_expected": "structure",
    "object_expected": "structure",
    "item_expected": "structure",
    "wrong_answer_type": "value",
    "modifier_extension": "extension",
    "missing": "required",
    "entered_in_error": "business-rule",
    "not_repeatable": "business-rule",
}
"""The issue type of a bad field, by the core's problem type."""

ISSUE_TYPES = frozenset(
    [
        "invalid",
        "structure",
        "required",
        "value",
        "invariant",
        "security",
        "login",
        "unknown",
        "expired",
        "forbidden",
        "suppressed",
        "processing",
        "not-supported",
        "duplicate",
        "multiple-matches",
        "not-found",
        "deleted",
        "too-long",
        "code-invalid",
        "extension",
        "too-costly",
        "business-rule",
        "conflict",
        "transient",
        "lock-error",
        "no-store",
        "exception",
        "timeout",
        "incomplete",
        "throttled",
        "informational",
    ]
)
"""FHIR R4's IssueType value set (valueset-issue-type.html): every issue's `code` is one."""


def issue_type(problem_type: str) -> str:
    """The IssueType of a core problem type: a value out of range or of the wrong kind is `value`,
    whatever field it is in; a problem of no known kind is `invalid`."""
    if problem_type in _PROBLEM_CODES:
        return _PROBLEM_CODES[problem_type]
    if problem_type.endswith(("_out_of_range", "_expected")) or problem_type.startswith("wrong_"):
        return "value"
    return "invalid"


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
                "details": {"text": detail},
                "diagnostics": detail,
            }
        ]
    lines = [issue["details"]["text"] for issue in issues]
    return with_narrative({"resourceType": "OperationOutcome", "issue": issues}, detail, lines)


def _issue(problem: FieldProblem) -> dict[str, Any]:
    expression = getattr(problem, "expression", None) or problem.path
    return {
        "severity": "error",
        "code": issue_type(problem.type),
        "details": {"text": problem.message},
        "diagnostics": problem.type,
        "expression": [expression],
    }
