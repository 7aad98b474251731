"""Costly bad input over HTTP: a 422 with a short list and a count, never an echo of the body."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api.routers.assessments import MAX_LISTED_IN_BATCH
from api.settings import MAX_BATCH_ITEMS
from tests.api.support import client, make_app
from triage.errors import MAX_LISTED, SHOWN_CHARS

pytestmark = pytest.mark.anyio

BIG = make_app(max_body_bytes=4 * 1024 * 1024)


async def post(path: str, body: object) -> tuple[int, dict[str, Any], int]:
    async with client(BIG) as http:
        response = await http.post(path, json=body)
    return response.status_code, response.json(), len(response.content)


async def test_twenty_thousand_unknown_keys_get_a_small_422_counting_them_all() -> None:
    body = {"answers": {f"key{i:06d}": "yes" for i in range(20_000)}}
    status, problem, size = await post("/v1/assessments", body)
    assert status == 422
    assert len(problem["errors"]) == MAX_LISTED
    assert problem["more_errors"] == 20_000 - MAX_LISTED
    assert "20000 bad fields" in problem["detail"]
    assert size < 8_000


async def test_unknown_top_level_keys_of_a_batch_are_capped() -> None:
    body: dict[str, Any] = {f"extra{i}": 0 for i in range(5000)}
    body["intakes"] = []
    status, problem, _ = await post("/v1/assessments/batch", body)
    assert status == 422
    assert len(problem["errors"]) == MAX_LISTED
    assert problem["more_errors"] == 5000 - MAX_LISTED


async def test_a_batch_lists_twenty_problems_an_intake_and_a_hundred_in_all() -> None:
    one = {"answers": {f"k{i}": None for i in range(100)}}
    status, result, _ = await post("/v1/assessments/batch", {"intakes": [one] * 50})
    assert status == 200
    assert result["rejected"] == 50
    errors = [item["error"] for item in result["results"]]
    assert [len(e["errors"]) for e in errors[:5]] == [MAX_LISTED] * 5
    assert sum(len(e["errors"]) for e in errors) == MAX_LISTED_IN_BATCH
    assert all(len(e["errors"]) + e["more_errors"] == 100 for e in errors)
    assert errors[0]["errors"][0]["path"] == "intakes.0.answers.k0"


async def test_a_huge_key_is_not_echoed() -> None:
    key = "z" * 1_000_000
    status, problem, size = await post("/v1/interview", {"answers": {key: "yes"}})
    assert status == 422
    assert problem["errors"][0]["loc"] == ["answers", "z" * SHOWN_CHARS + "…"]
    assert size < 2_000


@pytest.mark.parametrize("keys", [1, MAX_LISTED + 1, 150])
async def test_a_full_batch_of_bad_intakes_gets_a_bounded_answer_however_bad(keys: int) -> None:
    one = {"answers": {f"k{i:03d}": "some value" for i in range(keys)}}
    body = {"intakes": [one] * MAX_BATCH_ITEMS}
    assert len(json.dumps(body)) < 4 * 1024 * 1024
    status, result, size = await post("/v1/assessments/batch", body)
    assert status == 200
    assert result["rejected"] == MAX_BATCH_ITEMS
    assert size < MAX_BATCH_ITEMS * 300 + MAX_LISTED_IN_BATCH * 200
