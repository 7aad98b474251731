"""One router per resource; `answer_head` gives each GET route a HEAD twin."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.routing import APIRoute


def answer_head(router: APIRouter) -> None:
    """Answer `HEAD` wherever the router answers `GET`, without listing it in the schema.

    FastAPI, unlike Starlette, does not add HEAD to a GET route. The server sends no body for
    HEAD, so the twin answers with the GET's status and headers alone.
    """
    for route in list(router.routes):
        if isinstance(route, APIRoute) and "GET" in (route.methods or set()):
            router.add_api_route(
                route.path.removeprefix(router.prefix),
                route.endpoint,
                methods=["HEAD"],
                response_model=route.response_model,
                include_in_schema=False,
                name=f"{route.name}_head",
            )
