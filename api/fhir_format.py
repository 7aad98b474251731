"""What a FHIR client may ask for: `_format` and `Accept` (FHIR R4 http.html#mime-type).

The server answers JSON only. `_format` (which HAPI-based clients add to every call) is accepted as
`json`, `application/json` or `application/fhir+json`, any parameters; any other value (`xml`,
`ttl`, `html`, ...) is a 406, and so is an `Accept` header that allows none of the JSON types.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from api.problems import NotAcceptable
from triage.fhir import FORMATS

_SERVED = frozenset({"application/fhir+json", "application/json", "application/*", "*/*"})


async def fhir_format(
    request: Request,
    format_: Annotated[
        str | None,
        Query(
            alias="_format",
            description="The format of the answer: `json`, `application/json` or "
            "`application/fhir+json` (JSON only; any other is a 406).",
            json_schema_extra={"enum": list(FORMATS)},
        ),
    ] = None,
) -> None:
    """Refuse with a 406 a `_format` or an `Accept` the server cannot answer in."""
    if format_ is not None:
        asked = format_.split(";", 1)[0].strip().lower()
        if asked not in FORMATS:
            raise NotAcceptable(
                f"This server answers in JSON only: '_format' may be {', '.join(FORMATS)}."
            )
        return
    accept = request.headers.get("accept")
    if accept and not accepts_json(accept):
        raise NotAcceptable(
            "This server answers in JSON only: accept 'application/fhir+json' or "
            "'application/json'."
        )


def accepts_json(accept: str) -> bool:
    """Whether an `Accept` header allows FHIR JSON (a JSON type, or a wildcard, with q above 0)."""
    for part in accept.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media.lower() in _SERVED and quality > 0:
            return True
    return False
