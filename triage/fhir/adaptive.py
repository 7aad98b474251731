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
- with `grouped` (contract §6), that item is the interview's grouped turn: a `group` item holding
  several questions (`triage.fhir.adaptive_items`), whose answers FHIR nests under it; a question
  of it left out was asked and is not known, as a single one is;
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
returns a single resource `return` parameter. `audience` and `grouped` are taken from the query
or as Parameters parameters (`valueCode`, `valueBoolean`); given both ways, they must agree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rules.vocabulary import Audience
from triage.fhir.adaptive_items import (
    ADAPTIVE_ID,
    Turn,
    adaptive_questionnaire,
    issued_items,
    merged,
    questions_of,
    turn_of,
    turns_in,
)
from triage.fhir.narrative import response_narrative
from triage.fhir.parameters import parameters_error, resource_parameter, value_parameter
from triage.fhir.response import RESOURCE, read_request
from triage.fhir.terminology import with_displays
from triage.interview.next_question import InterviewStep

if TYPE_CHECKING:
    from triage.core import Triage

__all__ = ["ADAPTIVE_ID", "next_question_response", "response_of"]

PARAMETER = "questionnaire-response"


def next_question_response(
    body: Any, core: Triage, audience: Audience | None = None, *, grouped: bool | None = None
) -> tuple[dict[str, Any], InterviewStep]:
    """The response with the next item appended (or completed), and the interview step behind it
    (`core`'s, its settings and rule base).

    `audience` is who fills the form (contract §6): a patient is never issued an examination item.
    `grouped` asks for grouped questions: the item appended is then a group when the interview
    asks several questions in one turn. Each is taken from the body's Parameters when None here;
    the defaults are a patient, one question a call.
    """
    response = response_of(body)
    audience, grouped = _options(body, audience, grouped)
    held, issued = issued_items(response)
    request = read_request(response, questions_of(issued)).model_copy(
        update={"audience": audience, "grouped": grouped}
    )
    step = core.next_step(request)
    answered = [t for t in turns_in(response.get("item"), RESOURCE, ()) if isinstance(t, Turn)]
    turns = merged([*issued, *answered])
    new = turn_of(step)
    if new is not None:
        turns = merged([*turns, new])
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
    updated["contained"] = [*others, adaptive_questionnaire(turns, held)]
    updated["questionnaire"] = f"#{held}"
    updated["status"] = "completed" if step.should_stop else "in-progress"
    updated["text"] = response_narrative(updated)
    return updated, step


def _options(body: Any, audience: Audience | None, grouped: bool | None) -> tuple[Audience, bool]:
    """The audience and grouping asked for (contract §6): from the query, or the Parameters."""
    said = _option(body, "audience", "valueCode", audience, frozenset(Audience))
    return Audience(said or Audience.PATIENT), bool(
        _option(body, "grouped", "valueBoolean", grouped)
    )


def _option(
    body: Any, name: str, kind: str, query: Any, allowed: frozenset[Any] | None = None
) -> Any:
    """A parameter given in the query or the Parameters (or both, the same)."""
    said = value_parameter(body, name, kind)
    if said is None:
        return query
    loc, value = said
    if allowed is not None and value not in allowed:
        raise parameters_error(
            loc, f"'{name}' is one of {', '.join(sorted(allowed))}", "wrong_value"
        )
    if query is not None and value != query:
        message = (
            f"'{name}' is {json.dumps(value)} in the Parameters and {json.dumps(query)} in the "
            "query; give it once, or the same both ways"
        )
        raise parameters_error(loc, message, "wrong_value")
    return value


def response_of(body: Any) -> Mapping[str, Any]:
    """The QuestionnaireResponse of a `$next-question` body: Parameters, or the response itself."""
    return resource_parameter(body, PARAMETER, RESOURCE)
