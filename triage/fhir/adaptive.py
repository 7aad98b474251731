"""The SDC adaptive form (`Questionnaire/$next-question`), driven by the core interview.

The client sends a QuestionnaireResponse whose contained Questionnaire holds the items asked so
far, with the answers given. The interview (`triage.interview.next_question.next_step`, the logic
of `/v1/interview`) decides the next item from those answers; this module only moves it between
the FHIR shape and the core: the returned response's contained Questionnaire gains the next item,
or, when the interview stops, the response's `status` becomes `completed` and its assessment is
`$assess`'s. An item sent back without an answer was asked and is not known, as in `/v1/interview`.

A warning sign answered unknown is asked once more, as the interview does (`repeat`): the contained
Questionnaire gains a second item, linkId `<id>.again` (`canonical.AGAIN_SUFFIX`), right after the
first, with the interview's repeat text and why it matters; its answer is read back as
`second_answers.<id>`, and an id asked twice is never asked again, so every form completes whatever
the person answers (at most every item once and every warning sign twice).

Shape (SDC, Adaptive Forms): input `Parameters` with a `questionnaire-response` resource (a bare
QuestionnaireResponse is read too); output the updated QuestionnaireResponse itself, as FHIR
returns a single resource `return` parameter.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Set
from typing import Any

from rules.vocabulary import Q
from triage.errors import IntakeError
from triage.fhir import canonical
from triage.fhir.questionnaire import section_item, sections
from triage.fhir.response import RESOURCE, ItemProblem, read_request
from triage.interview.next_question import InterviewStep, next_step, repeated
from triage.interview.questionnaire import Item

ADAPTIVE_ID = "pht-intake-adaptive"
"""The id of the contained Questionnaire that holds the items asked so far."""

PARAMETER = "questionnaire-response"


def next_question_response(body: Any) -> tuple[dict[str, Any], InterviewStep]:
    """The response with the next item added (or completed), and the interview step behind it."""
    response = response_of(body)
    step = next_step(read_request(response))
    shown = set(step.asked)
    again = set(step.asked_twice)
    if step.question is not None:
        (again if step.repeat else shown).add(step.question.id)
    updated = {key: value for key, value in response.items() if key != "contained"}
    others = [
        resource
        for resource in response.get("contained", []) or []
        if not (isinstance(resource, Mapping) and resource.get("id") == ADAPTIVE_ID)
    ]
    updated["contained"] = [*others, adaptive_questionnaire(shown, again)]
    updated["questionnaire"] = f"#{ADAPTIVE_ID}"
    updated["status"] = "completed" if step.should_stop else "in-progress"
    return updated, step


def adaptive_questionnaire(shown: Set[str], again: Set[str] = frozenset()) -> dict[str, Any]:
    """The intake Questionnaire cut to the items asked so far, marked adaptive (SDC).

    Each warning sign in `again` is followed by its second asking, `<id>.again`.
    """
    groups = []
    for group, found in sections().items():
        asked: list[Item] = []
        for item in found:
            if item.id in shown:
                asked.append(item)
            if item.id in again:
                asked.append(asked_again(item.id))
        if asked:
            groups.append(section_item(group, tuple(asked)))
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


def asked_again(question_id: str) -> Item:
    """A warning-sign question as the interview asks it the second time, linked `<id>.again`."""
    item = repeated(Q(question_id))
    return dataclasses.replace(item, id=item.id + canonical.AGAIN_SUFFIX)
