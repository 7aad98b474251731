"""`/v1/parse`: a person's own words in, the items they speak of and the answers they give out.

The reading is `triage.freetext.parse` (contract §7): each mention keeps its words and their place,
and only what the text states about this person now becomes an answer; a red flag is proposed only
as "yes", since a denied red flag is still asked. A chatbot sends the answers on to
`/v1/interview`, which then asks only what is left.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends
from pydantic import BaseModel, ConfigDict, Field

from api.deps import require_json
from api.json_body import StrictJSONRoute
from api.problems import documented
from triage.freetext import MAX_TEXT_CHARS, parse

Status = Literal["affirmed", "negated", "uncertain", "hypothetical", "other_person", "historical"]

EXAMPLE_TEXT = (
    "Deep ache in my sit bone for two months, worse sitting, no numbness, but I've had a fever."
)


class ParseRequest(BaseModel):
    """A person's own words."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"text": EXAMPLE_TEXT}]}
    )

    text: str = Field(
        max_length=MAX_TEXT_CHARS,
        description=f"What the person wrote, in English; at most {MAX_TEXT_CHARS} characters.",
    )


class MentionOut(BaseModel):
    """One thing the text says of an item: its value, how it is said, and the words it came from."""

    id: str = Field(description="The question id (contract §2).")
    value: str | int | float = Field(
        description='"yes", "no", or a number (weeks, or points of 10).'
    )
    status: Status = Field(description="How the text says it; only affirmed and negated count.")
    start: int = Field(description="Where the words begin in the text (a character offset).")
    end: int = Field(description="Where the words end in the text (exclusive).")
    text: str = Field(description="The words themselves.")


class ParseResult(BaseModel):
    """Every mention, and the answers a client may send on in the intake's shape."""

    mentions: list[MentionOut]
    answers: dict[str, str | int | float] = Field(
        description='Stated values of this person now; a red flag only ever as "yes".'
    )
    age: int | None = Field(description="The age the text states, if any.")
    sex: Literal["female", "male"] | None = Field(description="The sex the text states, if any.")


router = APIRouter(
    prefix="/v1/parse",
    tags=["parse"],
    dependencies=[Depends(require_json)],
    responses=documented(400, 413, 415, 422),
    route_class=StrictJSONRoute,
)


@router.post("", operation_id="parse", summary="Read free text as proposed answers")
async def create_parse(
    request: Annotated[
        ParseRequest, Body(openapi_examples={"first_message": {"value": {"text": EXAMPLE_TEXT}}})
    ],
) -> ParseResult:
    """Read what a person wrote (contract §7): the items it speaks of, each with its status
    (affirmed, negated, uncertain, hypothetical, said of another person, or of the past) and the
    words it came from, and the answers it gives.

    Answers hold only what is stated of this person now. A red flag the text states is "yes"; a
    red flag the text denies is listed as negated but never answered "no", so the interview still
    asks it. Send the answers (with `age` and `sex`) to `/v1/interview` to ask only what is left.
    """
    return ParseResult.model_validate(parse(request.text).as_dict())
