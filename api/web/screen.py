"""`/screen`: a physiotherapist uploads a clinic's CSV of intake forms and sees every result.

The rows are screened by the same code and worker processes as `POST /v1/screenings`
(`triage.screening`), and the result CSV offered for download is exactly that route's CSV answer.
The table shows red flags and urgent levels first, then rows that could not be read, then the
rest, each in file order. Everything is POST, so no answer is ever in a URL or an access log, and
nothing is kept. The download posts the file (with the form's other fields) to
`/screen/results.csv`, which streams the screening as it runs, exactly as the route does, so that
a file of any size the service accepts downloads; the results page offers it for the file chosen
again, since nothing is kept between the two.

With API keys set (`TRIAGE_API_KEYS_FILE`), a browser cannot send the key header, so the form has
a key field and both posts check it here, against the same key ring as the API.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from api.deps import screening_runner
from api.keys import KeyRing
from api.middleware.security_headers import PAGE_POLICY
from api.routers.screenings import stream_results
from api.web.intake_pages import urgency_label
from api.web.pages import render
from api.web.screen_words import headings, in_words
from rules.scale import Level
from triage import SourceError, message
from triage.screening import COLUMNS, Options, OutputFormat, Runner, Source, read_csv

router = APIRouter(include_in_schema=False)

PATHS = frozenset({"/screen", "/screen/results.csv"})
"""The page's paths: they check the key themselves, from the form (see `api.access`)."""

DOWNLOAD_NAME = "screening-results.csv"

SHOWN = ("id", "level", "red_flags", "see", "within", "unanswered_red_flags", "error")
"""The result columns the table shows (the download has them all)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One result row of the table: its cells by column, and how it is marked."""

    cells: dict[str, str]
    mark: str
    label: str


@router.get("/screen", response_class=HTMLResponse)
async def screen_form(request: Request) -> Response:
    """The upload form."""
    return _form(request)


@router.post("/screen", response_class=HTMLResponse)
async def screen_upload(
    request: Request,
    runner: Annotated[Runner, Depends(screening_runner)],
    forms: Annotated[UploadFile | str, Form(description="The CSV file of intake forms.")] = "",
    keep: Annotated[str, Form()] = "",
    key: Annotated[str, Form()] = "",
) -> Response:
    """Screen the uploaded CSV and show the results, red flags and urgent levels first."""
    source = await _source(request, forms, keep, key)
    if isinstance(source, Response):
        return source
    lines = [text async for text in stream_results(runner, source, OutputFormat.CSV)]
    columns, rows = _table("".join(lines))
    return render(
        "screen.html",
        title=message("page_screen_results"),
        columns=columns,
        headings=headings(),
        rows=rows,
        counts=_counts(rows),
        keep=keep,
        key=key,
        keys_required=_ring(request) is not None,
        file_name=forms.filename if isinstance(forms, UploadFile) else "",
    )


@router.post("/screen/results.csv")
async def screen_download(
    request: Request,
    runner: Annotated[Runner, Depends(screening_runner)],
    forms: Annotated[UploadFile | str, Form(description="The CSV file of intake forms.")] = "",
    keep: Annotated[str, Form()] = "",
    key: Annotated[str, Form()] = "",
) -> Response:
    """The results of the uploaded CSV as a file to save, streamed as the rows are screened."""
    source = await _source(request, forms, keep, key)
    if isinstance(source, Response):
        return source
    return StreamingResponse(
        stream_results(runner, source, OutputFormat.CSV),
        media_type="text/csv; charset=utf-8",
        headers={
            "content-disposition": f'attachment; filename="{DOWNLOAD_NAME}"',
            "content-security-policy": PAGE_POLICY,
        },
    )


async def _source(
    request: Request, forms: UploadFile | str, keep: str, key: str
) -> Source | Response:
    """The uploaded file opened for screening, or the form again with what is wrong."""
    if not _key_accepted(request, key):
        return _form(request, error=message("error_key_not_valid"), status_code=401)
    if isinstance(forms, str) or not forms.filename:
        return _form(request, error=message("error_choose_file"), status_code=422)
    data = await forms.read()
    try:
        kept = tuple(name.strip() for name in keep.split(",") if name.strip())
        return read_csv(io.BytesIO(data), Options(keep=kept))
    except SourceError as error:
        problem = message("error_file_not_screened", problem=error.message)
        return _form(request, error=problem, status_code=422)


def _form(request: Request, *, error: str | None = None, status_code: int = 200) -> Response:
    return render(
        "screen_form.html",
        status_code=status_code,
        title=message("page_screen_form"),
        error=error,
        keys_required=_ring(request) is not None,
    )


def _ring(request: Request) -> KeyRing | None:
    ring: KeyRing | None = getattr(request.app.state, "key_ring", None)
    return ring


def _key_accepted(request: Request, key: str) -> bool:
    """Whether the form's key opens the page: always without keys set, else a key of the ring."""
    ring = _ring(request)
    return ring is None or (bool(key.strip()) and ring.match(key.strip()) is not None)


def _table(result: str) -> tuple[list[str], list[Row]]:
    """The result CSV as table rows, red flags and urgent levels first, then errors, then the rest."""
    reader = csv.DictReader(io.StringIO(result))
    found = list(reader.fieldnames or ())
    columns = [c for c in found if c in SHOWN] + [c for c in found if c not in COLUMNS]
    rows = [_row(in_words(cells)) for cells in reader]
    order = {"emergency": 0, "urgent": 1, "error": 2, "other": 3}
    return columns, sorted(rows, key=lambda row: order[row.mark])


def _row(cells: dict[str, str]) -> Row:
    level = Level(cells["level"]) if cells.get("level") else None
    if level is None:
        return Row(cells, "error", message("level_not_screened"))
    if level.is_emergency():
        return Row(cells, "emergency", urgency_label("emergency"))
    if level is Level.CONSULTATION_24:
        return Row(cells, "urgent", urgency_label("urgent"))
    if cells.get("red_flags"):
        return Row(cells, "urgent", message("level_red_flag"))
    return Row(cells, "other", "")


def _counts(rows: list[Row]) -> dict[str, int]:
    counts = {"rows": len(rows), "emergency": 0, "urgent": 0, "error": 0}
    for row in rows:
        if row.mark in counts:
            counts[row.mark] += 1
    return counts
