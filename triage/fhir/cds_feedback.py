"""CDS Hooks 2.0 feedback: what the client says became of a card (`POST .../{id}/feedback`).

A feedback body is `{"feedback": [...]}`, each item naming a card by its `uuid`, its `outcome`
(`accepted` or `overridden`) and the `outcomeTimestamp`; an overridden card may carry an
`overrideReason`, an accepted one the `acceptedSuggestions`. The service keeps no record of cards
(it is stateless and stores no health data), so feedback is checked and acknowledged; it is counted,
never logged with its content.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from triage.errors import CdsRequestError, FieldProblem

OUTCOMES = ("accepted", "overridden")


def check_feedback(body: Any) -> int:
    """How many feedback items a valid body holds; raises CdsRequestError naming each bad field."""
    if not isinstance(body, Mapping) or not isinstance(body.get("feedback"), list):
        raise CdsRequestError(
            [FieldProblem(("feedback",), "required by CDS Hooks 2.0: a list", "missing")]
        )
    items = body["feedback"]
    problems: list[FieldProblem] = []
    if not items:
        problems.append(FieldProblem(("feedback",), "expected at least one item", "empty"))
    for index, item in enumerate(items):
        problems += _item_problems(("feedback", index), item)
    if problems:
        raise CdsRequestError(problems)
    return len(items)


def _item_problems(loc: tuple[str | int, ...], item: Any) -> list[FieldProblem]:
    if not isinstance(item, Mapping):
        return [FieldProblem(loc, "expected a feedback object", "object_expected")]
    problems = []
    if not _is_uuid(item.get("card")):
        problems.append(
            FieldProblem((*loc, "card"), "required: the card's uuid, as the card gave it", "uuid")
        )
    if item.get("outcome") not in OUTCOMES:
        problems.append(
            FieldProblem((*loc, "outcome"), "required: 'accepted' or 'overridden'", "outcome")
        )
    if not isinstance(item.get("outcomeTimestamp"), str):
        problems.append(
            FieldProblem((*loc, "outcomeTimestamp"), "required: an ISO 8601 instant", "missing")
        )
    accepted = item.get("acceptedSuggestions")
    if accepted is not None and not isinstance(accepted, list):
        problems.append(
            FieldProblem((*loc, "acceptedSuggestions"), "expected a list", "list_expected")
        )
    reason = item.get("overrideReason")
    if reason is not None and not isinstance(reason, Mapping):
        problems.append(
            FieldProblem((*loc, "overrideReason"), "expected an object", "object_expected")
        )
    return problems


def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
