"""Query parameters a route does not declare are refused, since a query string can carry health data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from triage import MAX_LISTED, MORE_PROBLEMS, shown


async def refuse_unknown_query(request: Request) -> None:
    """Refuse with a 422 problem every query parameter the route does not declare, by name only.

    `async` so that FastAPI runs it on the event loop rather than in the thread pool.
    """
    if not request.query_params:
        return
    declared = _declared(request.scope.get("route"))
    unknown = [name for name in dict.fromkeys(request.query_params) if name not in declared]
    if not unknown:
        return
    details: list[dict[str, Any]] = [
        {
            "type": "unknown_query_parameter",
            "loc": ("query", shown(name)),
            "msg": f"'{shown(name)}' is not a query parameter of this route",
            "input": None,
        }
        for name in unknown[:MAX_LISTED]
    ]
    if len(unknown) > MAX_LISTED:
        more = len(unknown) - MAX_LISTED
        details.append({"type": MORE_PROBLEMS, "loc": (), "msg": "", "ctx": {"count": more}})
    raise RequestValidationError(details)


def _declared(route: object) -> frozenset[str]:
    """The query parameters a route declares (none for a route that is not an API route)."""
    if not isinstance(route, APIRoute):
        return frozenset()
    return frozenset(_query_names(route.dependant))


def _query_names(dependant: Dependant) -> Iterator[str]:
    """The query parameters of a handler and of every dependency under it."""
    yield from (field.alias for field in dependant.query_params)
    for dependency in dependant.dependencies:
        yield from _query_names(dependency)
