"""The SDC adaptive form (`Questionnaire/$next-question`), driven by the core interview.

The client sends a QuestionnaireResponse whose contained Questionnaire holds the items asked so
far, with the answers given. The interview (`triage.interview.next_question.next_step`, the logic
of `/v1/interview`) decides the next item from those answers; this module only moves it between
the FHIR shape and the core: the returned response's contained Questionnaire gains the next item,
or, when the interview stops, the response's `status` becomes `completed` and its assessment is
`$assess`'s. An item sent back without an answer was asked and is not known, as in `/v1/interview`;
an item the interview asks again (a warning sign still unknown) is taken out of the response's
items, so that the form shows it open once more.

Shape (SDC, Adaptive Forms): input `Parameters` with a `questionnaire-response` resource (a bare
QuestionnaireResponse is read too); output the updated QuestionnaireResponse itself, as FHIR
returns a single resource `return` parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage.errors import IntakeError
from triage.fhir import canonical
from triage.fhir.questionnaire import section_item, sections
from triage.fhir.response import RESOURCE, ItemProblem, read_response
from triage.interview.next_question import InterviewStep, next_step

ADAPTIVE_ID = "pht-intake-adaptive"
"""The id of the contained Questionnaire that holds the items asked so far."""

PARAMETER = "questionnaire-response"


def next_question(body: Any) -> tuple[dict[str, Any], InterviewStep]:
    """The response with the next item added (or completed), and the interview step behind it."""
    response = response_of(body)
    step = next_step(read_response(response))
    shown = set(step.asked)
    if step.question is not None:
        shown.add(step.question.id)
    updated = {key: value for key, value in response.items() if key != "contained"}
    others = [
        resource
        for resource in response.get("contained", []) or []
        if not (isinstance(resource, Mapping) and resource.get("id") == ADAPTIVE_ID)
    ]
    updated["contained"] = [*others, adaptive_questionnaire(shown)]
    updated["questionnaire"] = f"#{ADAPTIVE_ID}"
    updated["status"] = "completed" if step.should_stop else "in-progress"
    if step.question is not None and step.question.id in step.asked:
        updated["item"] = _without(response.get("item", []), step.question.id)
    return updated, step


def adaptive_questionnaire(shown: set[str]) -> dict[str, Any]:
    """The intake Questionnaire cut to the items asked so far, marked adaptive (SDC)."""
    groups = []
    for group, found in sections().items():
        asked = tuple(item for item in found if item.id in shown)
        if asked:
            groups.append(section_item(group, asked))
    return {
        "resourceType": "Questionnaire",
        "id": ADAPTIVE_ID,
        "extension": [{"url": canonical.ADAPTIVE, "valueBoolean": True}],
        # No `url` of its own: it is a cut of the intake Questionnaire, which `derivedFrom` names.
        "derivedFrom": [f"{canonical.QUESTIONNAIRE_URL}|{canonical.VERSION}"],
        "status": "active",
        "subjectType": ["Patient"],
        "item": groups,
    }


def response_of(body: Any) -> Mapping[str, Any]:
    """The QuestionnaireResponse of a `$next-question` body: Parameters, or the response itself."""
    if isinstance(body, Mapping) and body.get("resourceType") == RESOURCE:
        return body
    if isinstance(body, Mapping) and body.get("resourceType") == "Parameters":
        parameters = body.get("parameter")
        for index, parameter in enumerate(parameters if isinstance(parameters, list) else []):
            if isinstance(parameter, Mapping) and parameter.get("name") == PARAMETER:
                resource = parameter.get("resource")
                if isinstance(resource, Mapping) and resource.get("resourceType") == RESOURCE:
                    return resource
                raise _bad(
                    ("parameter", index, "resource"), f"'{PARAMETER}' must hold a {RESOURCE}"
                )
        raise _bad(("parameter",), f"Parameters must have a '{PARAMETER}' parameter")
    raise _bad(("resourceType",), f"expected Parameters with a '{PARAMETER}', or a {RESOURCE}")


def _bad(loc: tuple[str | int, ...], message: str) -> IntakeError:
    expression = "Parameters" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
    return IntakeError([ItemProblem(loc, message, "wrong_resource", expression=expression)])


def _without(items: Any, link_id: str) -> Any:
    """The response's items without one question (kept as sent when they are not a list)."""
    if not isinstance(items, list):
        return items
    kept = []
    for item in items:
        if isinstance(item, Mapping) and item.get("linkId") == link_id:
            continue
        if isinstance(item, Mapping) and isinstance(item.get("item"), list):
            item = {**item, "item": _without(item["item"], link_id)}
        kept.append(item)
    return kept
