"""`POST /v1/screenings`: CSV or JSON Lines in, one result per row streamed back, errors in place."""

from __future__ import annotations

import csv
import io
import json

import pytest

from api.routers.screenings import CSV_EXAMPLE
from benchmarks.intakes import distinct, full_intake, sparse_intake, table_rows
from tests.api.support import TEST_BODY_LIMIT, client
from triage import assess
from triage.screening.results import COLUMNS, csv_cells

pytestmark = pytest.mark.anyio

CSV = {"content-type": "text/csv"}
NDJSON = {"content-type": "application/x-ndjson"}


def _table(intakes: list[dict[str, object]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(table_rows(intakes))
    return buffer.getvalue().encode()


async def test_a_csv_body_gets_one_csv_row_per_form_equal_to_assess_in_order() -> None:
    intakes = distinct(full_intake, 120, seed=31) + distinct(sparse_intake, 120, seed=32)
    async with client() as http:
        response = await http.post("/v1/screenings", content=_table(intakes, ";"), headers=CSV)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == list(COLUMNS)
    assert [row[0] for row in rows[1:]] == [f"P{n}" for n in range(1, len(intakes) + 1)]
    for row, intake in zip(rows[1:], intakes, strict=True):
        assert row[1:-1] == csv_cells(assess(intake))


async def test_json_lines_answer_when_accepted_with_the_full_assessment_or_the_error() -> None:
    intakes = distinct(sparse_intake, 20, seed=33)
    lines = [json.dumps({"id": f"N{n}", **intake}) for n, intake in enumerate(intakes)]
    lines.insert(5, json.dumps({"id": "bad", "age": 300}))
    body = ("\n".join(lines) + "\n").encode()
    headers = {**NDJSON, "accept": "application/x-ndjson"}
    async with client() as http:
        response = await http.post("/v1/screenings", content=body, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    results = [json.loads(line) for line in response.text.splitlines()]
    assert results[5]["id"] == "bad"
    assert results[5]["error"]["problems"][0]["column"] == "age"
    assert results[5]["error"]["problems"][0]["value"] == "300"
    del results[5]
    assert [r["assessment"] for r in results] == [
        assess(i).model_dump(mode="json") for i in intakes
    ]


async def test_the_example_keeps_its_notes_and_gets_its_bad_row_in_place() -> None:
    async with client() as http:
        response = await http.post(
            "/v1/screenings", params={"keep": "notes"}, content=CSV_EXAMPLE.encode(), headers=CSV
        )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["id"] for row in rows] == ["A1", "A2", "A3"]
    assert rows[0]["notes"] == "runner"
    assert rows[1]["level"] == "emergency"
    assert "sit_bone_pain: expected 'yes', 'no' or 'unknown' (value 'maybe')" in rows[2]["error"]


@pytest.mark.parametrize(
    ("body", "headers", "status", "detail"),
    [
        (CSV_EXAMPLE.encode(), CSV, 422, "unknown column 'notes'"),
        (b"id;age;AGE\r\n1;2;3\r\n", CSV, 422, "'AGE' appears more than once"),
        (b"", CSV, 422, "the file is empty"),
        (b"{}", {"content-type": "application/json"}, 415, "text/csv"),
        (CSV_EXAMPLE.encode(), {**CSV, "accept": "image/png"}, 406, "text/csv"),
    ],
)
async def test_a_body_that_cannot_be_screened_gets_a_problem_before_any_row(
    body: bytes, headers: dict[str, str], status: int, detail: str
) -> None:
    async with client() as http:
        response = await http.post("/v1/screenings", content=body, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert detail in response.json()["detail"]


async def test_a_body_over_the_limit_is_refused_like_on_every_route() -> None:
    body = b"id,night_pain\n" + b"x,no\n" * (TEST_BODY_LIMIT // 5 + 1)
    async with client() as http:
        response = await http.post("/v1/screenings", content=body, headers=CSV)
    assert response.status_code == 413


async def test_more_than_a_thousand_rows_are_screened_in_one_request() -> None:
    body = b"id,night_pain\n" + b"".join(b"r%d,no\n" % n for n in range(1500))
    async with client() as http:
        response = await http.post("/v1/screenings", content=body, headers=CSV)
    assert response.status_code == 200
    assert len(response.text.splitlines()) == 1501


async def test_the_openapi_schema_documents_both_media_types_with_examples() -> None:
    async with client() as http:
        schema = (await http.get("/openapi.json")).json()
    operation = schema["paths"]["/v1/screenings"]["post"]
    assert set(operation["requestBody"]["content"]) == {"text/csv", "application/x-ndjson"}
    answered = operation["responses"]["200"]["content"]
    assert answered["text/csv"]["example"].startswith(",".join(COLUMNS))
    first = json.loads(answered["application/x-ndjson"]["example"].splitlines()[0])
    assert first["id"] == "A1"
    assert first["assessment"]["triage"]["level"] == "consultation"
