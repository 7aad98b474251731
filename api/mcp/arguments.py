"""A tool call's arguments, read by the contract's own models rather than by the SDK.

The tools declare the contract's JSON schemas as their input schemas, and read the arguments as
sent with the same parsers as the REST service, so that a bad argument gets the same problem
(every bad field named, the nearest valid id suggested) and nothing is dropped without a word:
an argument the schema does not know is refused. Some hosts send an object argument as a string
of JSON; such a string is read as JSON, a key given twice in it refused.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mcp.server.mcpserver import Context

from triage import DuplicateKeyError, FieldProblem, IntakeError, Triage
from triage.files import loads
from triage.interview import InterviewRequest, parse_request

OBJECT_ARGUMENTS = frozenset({"answers", "second_answers", "intake"})
"""Arguments whose value is an object, and which a host may send as a string of JSON."""


def raw_arguments(ctx: Context[Any]) -> dict[str, Any]:
    """The call's arguments as sent; raises IntakeError when they are not an object, or when an
    object argument sent as a JSON string does not read."""
    params = ctx.request_context.params or {}
    sent = params.get("arguments")
    if sent is None:
        return {}
    if not isinstance(sent, Mapping):
        raise IntakeError([FieldProblem((), "expected an object of arguments", "object_expected")])
    return {name: _unwrapped(name, value) for name, value in sent.items()}


def _unwrapped(name: str, value: Any) -> Any:
    if name not in OBJECT_ARGUMENTS or not isinstance(value, str):
        return value
    if not value.lstrip().startswith("{"):
        return value  # not JSON: the model's validation names the field
    try:
        return loads(value)
    except DuplicateKeyError as error:
        raise IntakeError([error.problem(prefix=(name,))]) from None
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} at character {error.pos}"
        raise IntakeError([FieldProblem((name,), message, "json_invalid")]) from None


def interview_request(ctx: Context[Any]) -> InterviewRequest | IntakeError:
    """The call's arguments as an interview request, or the error naming every bad field."""
    try:
        return parse_request(raw_arguments(ctx))
    except IntakeError as error:
        return error


def core_of(ctx: Context[Any]) -> Triage:
    """The `Triage` of the server a call came to: the app's own."""
    found: Triage = getattr(ctx.mcp_server, "triage")  # noqa: B009 (set by `build_server`)
    return found
