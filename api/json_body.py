"""Request bodies read once, by the core's strict JSON reader: a repeated key is a 422 problem.

FastAPI reads a JSON body with `json.loads`, where the last of two repeated keys silently wins.
`StrictJSONRoute` reads it first with `triage.files.strict_json.loads` and hands FastAPI the parsed
value, so the body is parsed once. A repeated key raises `DuplicateKeyError`, which `api.problems`
turns into a 422 problem naming the key. Malformed JSON is left alone here: FastAPI then reads it
itself and answers its usual 400.

`IntakeRoute` also takes a FHIR QuestionnaireResponse, sent as `application/fhir+json`: it is read
by `triage.fhir.response` into the equivalent JSON intake, which FastAPI then validates as it would
the JSON, so that both answer exactly alike. A bad response is a 422 problem naming the item.

`MarkedJSONRoute` is for a body of many records (a batch): an object with a repeated key comes
back marked, so that validating each intake refuses only the intake that holds it. A repeated key
in the body's own top-level object still refuses the whole request.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from contextlib import suppress
from typing import Any, ClassVar, Literal

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope

from api.deps import declares_json
from api.responses import FHIR_MEDIA_TYPE
from triage import DuplicateKeyError
from triage.fhir import intake_data
from triage.files import RepeatedKeys, loads

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

    def intake_from_fhir(self, intake: dict[str, Any]) -> None:
        """Stand the JSON intake a QuestionnaireResponse body gave for the body's JSON."""
        self._json = intake


class StrictJSONRoute(APIRoute):
    """A route whose JSON body is read by the strict reader: a repeated key anywhere is refused."""

    on_repeat: ClassVar[OnRepeat] = "raise"
    reads_fhir: ClassVar[bool] = False

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """FastAPI's handler, given a request whose JSON body the strict reader has read."""
        handler = super().get_route_handler()
        on_repeat = self.on_repeat
        reads_fhir = self.reads_fhir

        async def strict_handler(request: Request) -> Response:
            strict = _StrictJSONRequest(request.scope, request.receive, on_repeat)
            declared = strict.headers.get("content-type")
            if reads_fhir and is_fhir(declared) and await strict.body():
                with suppress(ValueError):  # malformed JSON: FastAPI answers its usual 400
                    strict.intake_from_fhir(
                        intake_data(loads(await strict.body(), on_repeat="mark"))
                    )
            elif declares_json(declared) and await strict.body():
                # Malformed JSON: FastAPI reads the body again and answers its usual 400.
                with suppress(ValueError):
                    await strict.json()
            return await handler(strict)

        return strict_handler


class MarkedJSONRoute(StrictJSONRoute):
    """A route for many records: an object with a repeated key inside the body comes back marked."""

    on_repeat: ClassVar[OnRepeat] = "mark"


class IntakeRoute(StrictJSONRoute):
    """A route for one intake: JSON, or a QuestionnaireResponse as `application/fhir+json`."""

    reads_fhir: ClassVar[bool] = True


def is_fhir(content_type: str | None) -> bool:
    """Whether a `Content-Type` is FHIR JSON (`application/fhir+json`, any parameters)."""
    return content_type is not None and (
        content_type.split(";", 1)[0].strip().lower() == FHIR_MEDIA_TYPE
    )


async def marked_body(request: Request) -> Any:
    """A request's JSON body, read strictly, a repeated key marked for the reader to name (FHIR
    and CDS Hooks bodies); a body not declared as JSON is a 415, malformed JSON a 400."""
    if not declares_json(request.headers.get("content-type")):
        raise HTTPException(
            415, f"Send the body as FHIR JSON, with 'Content-Type: {FHIR_MEDIA_TYPE}'."
        )
    try:
        return loads(await request.body(), on_repeat="mark")
    except json.JSONDecodeError as error:
        raise HTTPException(
            400,
            f"The body is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.",
        ) from None
    except UnicodeDecodeError as error:
        raise HTTPException(
            400, f"The body is not valid UTF-8: byte {error.start} cannot be read."
        ) from None
    except ValueError:  # Python's limit on the digits of an integer (4,300): no number is that long
        raise HTTPException(
            400, "The body is not valid JSON here: a number in it has too many digits."
        ) from None
