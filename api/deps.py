"""Dependencies shared by the routers."""

from __future__ import annotations

import functools
from email.message import Message

from fastapi import Request

from api.problems import UnsupportedMediaType
from triage import Triage
from triage.screening import Runner


async def require_json(request: Request) -> None:
    """Refuse a body that is not declared as JSON (415), before FastAPI tries to read it.

    `async` so that FastAPI calls it on the event loop instead of sending it to the thread pool.
    """
    declared = request.headers.get("content-type")
    if declared is None:
        if (
            request.headers.get("content-length", "0") != "0"
            or "transfer-encoding" in request.headers
        ):
            raise UnsupportedMediaType()
        return
    if not declares_json(declared):
        raise UnsupportedMediaType()


def declares_json(content_type: str | None) -> bool:
    """Whether a `Content-Type` is JSON: `application/json` or an `application/*+json` subtype."""
    return content_type is not None and _declares_json(content_type)


@functools.lru_cache(maxsize=64)
def _declares_json(content_type: str) -> bool:
    # Parsed by the standard library's header parser, once per distinct header value: clients send
    # one or two spellings, and a request may ask this more than once.
    parsed = Message()
    parsed["content-type"] = content_type
    subtype = parsed.get_content_subtype()
    return parsed.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def screening_runner(request: Request) -> Runner:
    """The app's screening worker processes: the lifespan's, or made on first use without one."""
    state = request.app.state
    runner: Runner | None = getattr(state, "screening_runner", None)
    if runner is None:
        runner = state.screening_runner = state.triage.screener(
            state.settings.screening_processes, workers=True
        )
    return runner


def triage_of(request: Request) -> Triage:
    """The app's `Triage`, built once from the settings the service started with."""
    found: Triage = request.app.state.triage
    return found


async def core(request: Request) -> Triage:
    """The app's `Triage`, as a dependency.

    `async` so that FastAPI calls it on the event loop instead of sending it to the thread pool.
    """
    return triage_of(request)
