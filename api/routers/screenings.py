"""`/v1/screenings`: a clinic's file of intake forms in, one result per form streamed back.

The body is CSV (`text/csv`, any common dialect) or JSON Lines (`application/x-ndjson`), within the
service's body size limit and with no cap on rows. The rows are screened in the app's screening
worker processes (`TRIAGE_API_SCREENING_PROCESSES`), never on the event loop, so a single
assessment is answered while a screening streams. Results come back in order, as CSV or JSON Lines
by `Accept`, with the columns and errors in place of `triage screen`.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import AsyncIterator
from email.message import Message
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from api import metrics
from api.deps import screening_runner
from api.problems import NotAcceptable, UnsupportedMediaType, documented
from api.server.drain import DRAIN
from triage import SourceError, Triage
from triage.screening import (
    Options,
    OutputFormat,
    Reader,
    Runner,
    Screened,
    Source,
    chunks,
    header,
    incomplete_text,
    options_with_notes,
    read_csv,
    read_json_lines,
    reading_notes,
    screen,
)

logger = logging.getLogger("api.screenings")

CSV_TYPE = "text/csv"
JSONL_TYPE = "application/x-ndjson"

_READERS: dict[str, Reader] = {
    CSV_TYPE: read_csv,
    JSONL_TYPE: read_json_lines,
    "application/jsonl": read_json_lines,
}
_OUTPUTS = {CSV_TYPE: OutputFormat.CSV, JSONL_TYPE: OutputFormat.JSONL}
_WILDCARDS = {"text/*": OutputFormat.CSV, "application/*": OutputFormat.JSONL}
_MEDIA = {OutputFormat.CSV: f"{CSV_TYPE}; charset=utf-8", OutputFormat.JSONL: JSONL_TYPE}

CSV_EXAMPLE = (
    "id;age;sex;saddle_numbness;bladder_bowel_change;sit_bone_pain;sitting_pain;duration_weeks;notes\r\n"
    "A1;34;male;no;no;Yes;yes;8;runner\r\n"
    "A2;58;female;yes;no;yes;no;3;\r\n"
    "A3;40;male;no;no;maybe;yes;6;\r\n"
)
"""A spreadsheet export of three forms, the third with a bad answer (sent with `keep=notes`)."""

JSONL_EXAMPLE = (
    '{"id": "A1", "age": 34, "sex": "male", "answers": {"sit_bone_pain": "yes", "sitting_pain": "yes"}}\n'
    '{"id": "A2", "answers": {"saddle_numbness": "yes"}}\n'
)
"""Two forms as JSON Lines."""

router = APIRouter(
    prefix="/v1/screenings",
    tags=["screenings"],
    responses=documented(400, 406, 413, 415, 422),
)

_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "One intake form a row: CSV with a header of `age`, `sex` and question ids "
        "(an `id` column and the `keep` columns carried), or JSON Lines of intakes.",
        "content": {
            CSV_TYPE: {"schema": {"type": "string"}, "example": CSV_EXAMPLE},
            JSONL_TYPE: {"schema": {"type": "string"}, "example": JSONL_EXAMPLE},
        },
    }
}


@router.post(
    "",
    operation_id="screen",
    summary="Screen a clinic's file of intake forms",
    openapi_extra=_BODY,
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "One result per row, in order, streamed as the rows are screened.",
            "content": {
                CSV_TYPE: {"schema": {"type": "string"}},
                JSONL_TYPE: {"schema": {"type": "string"}},
            },
        }
    },
)
async def create_screening(
    request: Request,
    runner: Annotated[Runner, Depends(screening_runner)],
    id_column: Annotated[
        str, Query(description="The column (or JSON key) carried to the output as `id`.")
    ] = "id",
    keep: Annotated[
        list[str] | None,
        Query(description="Columns that are not questions, carried to the output (repeatable)."),
    ] = None,
    text_column: Annotated[
        str | None,
        Query(
            description="A column (or JSON key) of free-text notes: a red flag the notes state "
            "counts as yes for that row, listed in `red_flags_from_notes`; nothing else in the "
            "notes changes the answers."
        ),
    ] = None,
) -> StreamingResponse:
    """Screen every row of a CSV or JSON Lines body: one result per row, in the order sent.

    CSV answers have the columns `id, level, see, within, probability, band, red_flags,
    screen_complete, unanswered_red_flags, differentials, reasons, error` and then the kept columns,
    lists joined with ` | `; JSON Lines answers carry the full assessment of each row. A bad row
    gets its error in its place (the column, the problem, the start of the value) and the others
    are still screened. A column that is not a question is refused (422) unless kept.
    """
    reader, given = _reader(request.headers.get("content-type"))
    output = _output(request.headers.get("accept"), given)
    options = Options(id_column=id_column, keep=tuple(keep or ()))
    body = await request.body()
    try:
        body.decode("utf-8")  # checked whole, so that the answer is a 400, not a cut stream
    except UnicodeDecodeError as error:
        detail = f"The body is not valid UTF-8: byte {error.start} cannot be read."
        raise HTTPException(400, detail) from None
    if text_column is not None:
        options = options_with_notes(options, text_column)
    source = reader(io.BytesIO(body), options)  # a SourceError is a 422 (`api.problems`)
    if text_column is not None:
        source = reading_notes(source, text_column)
    return StreamingResponse(stream_results(runner, source, output), media_type=_MEDIA[output])


async def stream_results(
    runner: Runner, source: Source, output: OutputFormat
) -> AsyncIterator[str]:
    """The answer's lines; a stream that cannot finish ends with a line saying so, and how far."""
    if output is OutputFormat.CSV:
        yield header(source.kept)
    kept = len(source.kept)
    written = 0
    results = aiter(runner.stream(chunks(source.decoder, source.rows, output)))
    cut = asyncio.ensure_future(DRAIN.wait())
    step: asyncio.Future[Screened] | None = None
    try:
        while True:
            step = asyncio.ensure_future(anext(results))
            await asyncio.wait((step, cut), return_when=asyncio.FIRST_COMPLETED)
            if not step.done():
                yield incomplete_text(output, written, "the service is shutting down", kept)
                return
            try:
                screened = step.result()
            except StopAsyncIteration:
                return
            except SourceError as error:
                reason = f"the body breaks off here: {error.message}"
                yield incomplete_text(output, written, reason, kept)
                return
            except Exception as error:  # a fault: say so in the answer, and log it without data
                logger.error("Screening stream stopped by %s", type(error).__name__)
                yield incomplete_text(output, written, "the screening failed", kept)
                return
            written += screened.rows
            metrics.assessed(screened.levels, "/v1/screenings")
            yield screened.text
    finally:
        cut.cancel()
        if step is not None and not step.done():
            # Cut, or the client went away: the runner's stream stops and cancels its chunks.
            step.cancel()
        metrics.observe_pool(runner)


def _media_type(value: str) -> str:
    parsed = Message()
    parsed["content-type"] = value
    return parsed.get_content_type()


def _reader(declared: str | None) -> tuple[Reader, str]:
    media = _media_type(declared) if declared else ""
    if media not in _READERS:
        raise UnsupportedMediaType(
            f"Send the forms as '{CSV_TYPE}' or '{JSONL_TYPE}' (one intake a line)."
        )
    return _READERS[media], CSV_TYPE if media == CSV_TYPE else JSONL_TYPE


def _output(accept: str | None, given: str) -> OutputFormat:
    """The answer's format: the first of `Accept`'s choices we write, else that of the body."""
    ranked = []
    for position, part in enumerate((accept or "*/*").split(",")):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, media.strip().lower()))
    for _, _, media in sorted(ranked):
        if media == "*/*":
            return _OUTPUTS[given]
        found = _OUTPUTS.get(media) or _WILDCARDS.get(media)
        if found is not None:
            return found
    raise NotAcceptable(f"The answer can be '{CSV_TYPE}' or '{JSONL_TYPE}'.")


def answered_examples(triage: Triage) -> dict[str, str]:
    """What the service answers to the CSV example (sent with `keep=notes`), in each format."""
    options = Options(keep=("notes",))
    examples = {}
    for media, output in _OUTPUTS.items():
        source = read_csv(io.BytesIO(CSV_EXAMPLE.encode()), options)
        lines = [screen(source.decoder, row, output, triage).text for row in source.rows]
        first = header(source.kept) if output is OutputFormat.CSV else ""
        examples[media] = first + "".join(lines)
    return examples
