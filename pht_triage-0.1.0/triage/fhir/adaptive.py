"""The SDC adaptive form (`Questionnaire/$next-question`), driven by the core interview.

The client sends a QuestionnaireResponse whose contained Questionnaire (the one its `questionnaire`
names, `#id`) holds the items issued so far, with the answers given. The interview
(`triage.interview.next_question.next_step`, the logic of `/v1/interview`) decides the next item
from those answers; this module only moves it between the FHIR shape and the core:

- every item the contained Questionnaire holds was issued (and so was every item the response
  answers, which the Questionnaire returned always holds): one the response leaves out (as
  LHC-Forms leaves out an unanswered item) or sends without an answer was asked and is not known,
  as in `/v1/interview`, so the form always moves on;
- exactly one new item a call, appended after the items issued before (SDC: "appending"), or, when
  the interview stops, the response's `status` becomes `completed`;
- the contained Questionnaire is the client's, used (its items, in its order, are the items
  issued) when it is an adaptive one, and replaced otherwise; either way it keeps the id the
  response names, rebuilt from the service's own item definitions, so the reference never dangles
  and no other contained Questionnaire is left unreferenced;
- it follows sdc-questionnaire-adapt: the adaptive extension, a `title`, exactly one
  `derivedFrom` (the intake Questionnaire), no `url` of its own, a `text` on every item.

A warning sign answered unknown is asked once more, as the interview does (`repeat`): the item
appended is `<id>.again` (`canonical.AGAIN_SUFFIX`), with the interview's repeat text; its answer
is read back as `second_answers.<id>`, and an id asked twice is never asked again, so every form
completes whatever the person answers.

Shape (SDC, Adaptive Forms): input `Parameters` with a `questionnaire-response` resource (a bare
QuestionnaireResponse is read too); output the updated QuestionnaireResponse itself, as FHIR
returns a single resource `return` parameter.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rules.vocabulary import RED_FLAG_QUESTIONS, Audience, Q
from triage.errors import IntakeError
from triage.fhir import canonical
from triage.fhir.narrative import response_narrative
from triage.fhir.parameters import resource_parameter
from triage.fhir.questionnaire import question_item, sections
from triage.fhir.response import RESOURCE, ItemProblem, read_request
from triage.fhir.terminology import with_displays
from triage.interview.next_question import InterviewStep, next_step, repeated
from triage.interview.questionnaire import Item, item_by_id
from triage.texts import form_texts

ADAPTIVE_ID = "pht-intake-adaptive"
"""The id of the contained Questionnaire when the client's response names none."""

PARAMETER = "questionnaire-response"

_REPEATABLE = frozenset(question.value for question in RED_FLAG_QUESTIONS)


def next_question_response(
    body: Any, audience: Audience = Audience.PATIENT
) -> tuple[dict[str, Any], InterviewStep]:
    """The response with the next item appended (or completed), and the interview step behind it.

    `audience` is who fills the form (contract §6): a patient is never issued an examination item.
    The form asks one item a call, as SDC's `$next-question` appends one, so it never asks for
    groups.
    """
    response = response_of(body)
    held, issued = issued_items(response)
    request = read_request(response, issued).model_copy(update={"audience": audience})
    step = next_step(request)
    answered = _link_ids(response.get("item"), RESOURCE, ())
    order = list(dict.fromkeys([*issued, *(a for a in answered if isinstance(a, str))]))
    if step.question is not None:
        order.append(step.question.id + (canonical.AGAIN_SUFFIX if step.repeat else ""))
    others = [
        resource
        for resource in response.get("contained", []) or []
        if not (isinstance(resource, Mapping) and resource.get("resourceType") == "Questionnaire")
    ]
    updated = {
        key: with_displays(value)
        for key, value in response.items()
        if key not in ("contained", "text")
    }
    updated["contained"] = [*others, adaptive_questionnaire(order, held)]
    updated["questionnaire"] = f"#{held}"
    updated["status"] = "completed" if step.should_stop else "in-progress"
    updated["text"] = response_narrative(updated)
    return updated, step


def adaptive_questionnaire(order: Sequence[str], held: str = ADAPTIVE_ID) -> dict[str, Any]:
    """The adaptive Questionnaire holding the items issued, in the order issued (SDC adapt)."""
    texts = form_texts()
    return {
        "resourceType": "Questionnaire",
        "id": held,
        "extension": [{"url": canonical.ADAPTIVE, "valueBoolean": True}],
        # No `url` (sdc-questionnaire-adapt prohibits it): a one-off cut of the intake.
        "version": canonical.VERSION,
        "title": f"{texts.title} (adaptive)",
        "derivedFrom": [f"{canonical.QUESTIONNAIRE_URL}|{canonical.VERSION}"],
        "status": "active",
        "subjectType": ["Patient"],
        "item": [question_item(_item(link_id), enable_when=False) for link_id in order],
    }


def issued_items(response: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The id of the contained Questionnaire the response names, and the items it issued.

    A contained Questionnaire that is not adaptive (the client's copy of another form) issued
    nothing: it is replaced. An item it holds that the service never issues is a 422.
    """
    named = response.get("questionnaire")
    if not (isinstance(named, str) and named.startswith("#") and len(named) > 1):
        return ADAPTIVE_ID, ()
    contained = response.get("contained")
    for index, resource in enumerate(contained if isinstance(contained, list) else []):
        if not (
            isinstance(resource, Mapping)
            and resource.get("resourceType") == "Questionnaire"
            and resource.get("id") == named[1:]
        ):
            continue
        if not _is_adaptive(resource):
            return named[1:], ()
        where = f"{RESOURCE}.contained[{index}]"
        found: list[str] = []
        problems: list[ItemProblem] = []
        for link_id in _link_ids(resource.get("item"), where, ("contained", index)):
            if isinstance(link_id, ItemProblem):
                problems.append(link_id)
            elif link_id not in found:
                found.append(link_id)
        if problems:
            raise IntakeError(problems)
        return named[1:], tuple(found)
    return named[1:], ()


def _is_adaptive(questionnaire: Mapping[str, Any]) -> bool:
    extensions = questionnaire.get("extension")
    return isinstance(extensions, list) and any(
        isinstance(e, Mapping) and e.get("url") == canonical.ADAPTIVE and e.get("valueBoolean")
        for e in extensions
    )


def _link_ids(items: Any, where: str, loc: tuple[str | int, ...]) -> Iterator[str | ItemProblem]:
    """Each issued question's linkId in a contained Questionnaire's items (sections descended)."""
    for index, item in enumerate(items if isinstance(items, list) else []):
        link_id = item.get("linkId") if isinstance(item, Mapping) else None
        here = f"{where}.item[{index}]"
        at = (*loc, "item", index)
        if isinstance(link_id, str) and link_id in sections():
            yield from _link_ids(item.get("item"), here, at)
        elif isinstance(link_id, str) and _issues(link_id):
            yield link_id
        elif not (isinstance(link_id, str) and link_id.endswith(canonical.HELP_SUFFIX)):
            message = f"{link_id!r} in the contained Questionnaire is not an item this form issues"
            yield ItemProblem(at, message, "unknown_link_id", expression=here)


def _issues(link_id: str) -> bool:
    if link_id.endswith(canonical.AGAIN_SUFFIX):
        return link_id.removesuffix(canonical.AGAIN_SUFFIX) in _REPEATABLE
    return link_id in item_by_id()


def _item(link_id: str) -> Item:
    if link_id.endswith(canonical.AGAIN_SUFFIX):
        return asked_again(link_id.removesuffix(canonical.AGAIN_SUFFIX))
    return item_by_id()[link_id]


def response_of(body: Any) -> Mapping[str, Any]:
    """The QuestionnaireResponse of a `$next-question` body: Parameters, or the response itself."""
    return resource_parameter(body, PARAMETER, RESOURCE)


def asked_again(question_id: str) -> Item:
    """A warning-sign question as the interview asks it the second time, linked `<id>.again`."""
    item = repeated(Q(question_id))
    return dataclasses.replace(item, id=item.id + canonical.AGAIN_SUFFIX)
