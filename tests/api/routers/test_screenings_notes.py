"""`POST /v1/screenings?text_column=NAME`: the HTTP route reads a notes column as the CLI does."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest

from tests.api.support import client
from triage.screening.notes import NOTES_COLUMN
from triage.screening.results import COLUMNS

pytestmark = pytest.mark.anyio

FORMS = (
    "id,sit_bone_pain,bladder_bowel_change,notes\r\n"
    "N1,yes,no,Pt reports incontinence since Tuesday.\r\n"
    "N2,yes,no,denies bladder problems\r\n"
)


async def _screen(query: str, body: str, media: str = "text/csv") -> httpx.Response:
    async with client() as http:
        return await http.post(
            f"/v1/screenings?{query}", content=body.encode(), headers={"content-type": media}
        )


async def test_a_red_flag_in_the_notes_column_is_yes_and_listed() -> None:
    response = await _screen("text_column=notes", FORMS)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == [*COLUMNS, NOTES_COLUMN]
    assert rows[0]["level"] == "emergency"
    assert rows[0][NOTES_COLUMN] == "bladder_bowel_change"
    assert (rows[1][NOTES_COLUMN], "bladder_bowel_change" in rows[1]["red_flags"]) == ("", False)


async def test_json_lines_answers_list_the_flag_in_kept() -> None:
    line = {"id": "J1", "answers": {"sit_bone_pain": "yes"}, "notes": "fell off a ladder"}
    response = await _screen("text_column=notes", json.dumps(line) + "\n", "application/x-ndjson")
    assert response.json()["kept"] == {NOTES_COLUMN: "major_trauma"}


async def test_a_notes_column_also_kept_is_a_problem() -> None:
    response = await _screen("text_column=notes&keep=notes", FORMS)
    assert response.status_code == 422
    assert "is read, not kept" in response.text
