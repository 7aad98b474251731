"""The warning-sign screen as a form the host shows the person, with no model in between.

Where the client declares form elicitation, `interview_step` asks the warning-sign questions it is
about to ask through MCP's elicitation instead of handing them to the model: one form per call,
a group of signs that belong together (contract §6), each answered yes, no or "I don't know".
On the 2026-07-28 protocol the SDK carries the form in an `input_required` result and the call
comes back with the answers (nothing is kept between calls); on earlier revisions it is a request
to the client within the call. A client without elicitation, an emergency already found, or a
question that is not a first-pass warning sign gets the ordinary step, for the model to ask.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, Elicit
from mcp.types.version import is_version_at_least
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, create_model

from api.mcp.arguments import core_of, interview_request
from rules.vocabulary import RED_FLAG_QUESTIONS
from triage import form_texts, group_texts
from triage.interview import InterviewStep, Item, grouping_of, item_by_id, members_of

STATELESS_ELICITATION = "2026-07-28"
"""The first protocol revision whose elicitation travels in the call's result, not a request."""

_SCREEN = frozenset(q.value for q in RED_FLAG_QUESTIONS)

Answer = Literal["yes", "no", "unknown"]


def can_elicit(ctx: Context[Any]) -> bool:
    """Whether this client can show the person a form: it declares form elicitation, and the
    protocol carries it (in the result from 2026-07-28, as a request before)."""
    capabilities = ctx.client_capabilities
    elicitation = capabilities.elicitation if capabilities is not None else None
    if elicitation is None or (elicitation.form is None and elicitation.url is not None):
        return False
    version = ctx.protocol_version
    if version is not None and is_version_at_least(version, STATELESS_ELICITATION):
        return True
    return ctx.request_context.session.can_send_request


def form_items(step: InterviewStep) -> tuple[Item, ...]:
    """The warning signs a form asks for this step: its first-pass warning-sign question, with
    the signs of its group not yet asked; none on an emergency, a repeat or any other question."""
    if step.question is None or step.repeat or step.triage.level.is_emergency():
        return ()
    asked = step.items()
    if not all(item.id in _SCREEN for item in asked):
        return ()
    done = set(step.asked)
    group = members_of(grouping_of()[asked[0].id])
    return tuple(item for item in group if item.id not in done)


def screen_form(ctx: Context[Any]) -> Elicit[BaseModel] | None:
    """The form for this call's warning signs, when the client can show one (a resolver)."""
    if not can_elicit(ctx):
        return None
    request = interview_request(ctx)
    if not isinstance(request, BaseModel):
        return None  # the tool itself reports the bad arguments
    wanted = form_items(core_of(ctx).next_step(request))
    if not wanted:
        return None
    text = group_texts()[grouping_of()[wanted[0].id].id]
    message = f'{text.text}\n\n{text.why} If you are not sure, choose "I don\'t know".'
    return Elicit(message, form_model(tuple(item.id for item in wanted)))


@cache
def form_model(item_ids: tuple[str, ...]) -> type[BaseModel]:
    """A form of yes / no / "I don't know" questions, one required field per item, no default."""
    words = form_texts().answers
    options = [{"const": value, "title": words[value]} for value in ("yes", "no", "unknown")]
    fields: dict[str, Any] = {}
    for item_id in item_ids:
        item = item_by_id()[item_id]
        schema = {"type": "string", "title": item.text, "oneOf": options}
        fields[item_id] = (Annotated[Answer, WithJsonSchema(schema)], Field())
    model: type[BaseModel] = create_model(
        "WarningSigns",
        __config__=ConfigDict(extra="forbid"),
        __doc__="Warning signs, each answered yes, no or I don't know.",
        **fields,
    )
    return model
