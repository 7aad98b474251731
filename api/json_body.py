"""Request bodies read once, by the core's strict JSON reader: a repeated key is a 422 problem.

FastAPI reads a JSON body with `json.loads`, where the last of two repeated keys silently wins.
`StrictJSONRoute` reads it first with `triage.files.strict_json.loads` and hands FastAPI the parsed
value, so the body is parsed once. A repeated key raises `DuplicateKeyError`, which `api.problems`
turns into a 422 problem naming the key. Malformed JSON is left alone here: FastAPI then reads it
itself and answers its usual 400.

`MarkedJSONRoute` is for a body of many records (a batch): an object with a repeated key comes
back marked, so that validating each intake refuses only the intake that holds it. A repeated key
in the body's own top-level object still refuses the whole request.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from contextlib import suppress
from typing import Any, ClassVar, Literal

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import Receive, Scope

from api.deps import declares_json
from triage.files.strict_json import DuplicateKeyError, RepeatedKeys, loads

OnRepeat = Literal["raise", "mark"]


class _StrictJSONRequest(Request):
    """A request whose `json()` uses the strict reader."""

    def __init__(self, scope: Scope, receive: Receive, on_repeat: OnRepeat) -> None:
        super().__init__(scope, receive)
        self.on_repeat: OnRepeat = on_repeat

    async def json(self) -> Any:
        """The body parsed by the strict reader; raises DuplicateKeyError for a repeated key."""
        if not hasattr(self, "_json"):
            parsed = loads(await self.body(), on_repeat=self.on_repeat)
            if isinstance(parsed, RepeatedKeys):
                raise DuplicateKeyError(parsed.repeated[0])
            self._json = parsed
        return self._json


class StrictJSONRoute(APIRoute):
    """A route whose JSON body is read by the strict reader: a repeated key anywhere is refused."""

    on_repeat: ClassVar[OnRepeat] = "raise"

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """FastAPI's handler, given a request whose JSON body the strict reader has read."""
        handler = super().get_route_handler()
        on_repeat = self.on_repeat

        async def strict_handler(request: Request) -> Response:
            strict = _StrictJSONRequest(request.scope, request.receive, on_repeat)
            if declares_json(strict.headers.get("content-type")) and await strict.body():
                # Malformed JSON: FastAPI reads the body again and answers its usual 400.
                with suppress(ValueError):
                    await strict.json()
            return await handler(strict)

        return strict_handler


class MarkedJSONRoute(StrictJSONRoute):
    """A route for many records: an object with a repeated key inside the body comes back marked."""

    on_repeat: ClassVar[OnRepeat] = "mark"
