"""A key given twice in a request body is a 422 problem naming it, on every route (contract §1)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.examples import RUNNER
from api.problems import PROBLEM_MEDIA_TYPE
from rules.vocabulary import Q
from tests.api.support import client
from triage import assess
from triage.devtools import testing

JSON = {"content-type": "application/json"}
ROUTES = ["/v1/assessments", "/v1/interview"]
TWICE = '{"answers": {"saddle_numbness": "yes", "saddle_numbness": "no"}}'


def _duplicate_key_errors(response: Any) -> list[dict[str, Any]]:
    """The `duplicate_key` errors of a 422 problem response."""
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    errors: list[dict[str, Any]] = response.json()["errors"]
    return [error for error in errors if error["type"] == "duplicate_key"]


def _repeating(intake: dict[str, Any], question: Q, values: tuple[str, str], at: int) -> str:
    """The intake as JSON text, with `question` given twice in `answers` (at position `at`)."""
    pairs = [
        f"{json.dumps(key)}: {json.dumps(value)}"
        for key, value in intake.get("answers", {}).items()
        if key != question.value
    ]
    at = min(at, len(pairs))
    pairs[at:at] = [f'"{question.value}": "{value}"' for value in values]
    person = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in intake.items() if k != "answers"]
    return "{" + ", ".join([*person, '"answers": {' + ", ".join(pairs) + "}"]) + "}"


@pytest.mark.anyio
@pytest.mark.parametrize("route", ROUTES)
async def test_a_repeated_answer_is_a_422_naming_the_key_and_its_path(route: str) -> None:
    async with client() as http:
        response = await http.post(route, content=TWICE, headers=JSON)
    [error] = _duplicate_key_errors(response)
    assert error["path"] == "answers.saddle_numbness"
    assert error["loc"] == ["answers", "saddle_numbness"]
    assert "'saddle_numbness' is given more than once" in error["message"]


@pytest.mark.anyio
@pytest.mark.parametrize("route", [*ROUTES, "/v1/assessments/batch"])
async def test_a_repeated_top_level_key_is_a_422_on_every_route(route: str) -> None:
    body = '{"intakes": [], "intakes": []}' if route.endswith("batch") else '{"age": 30, "age": 31}'
    async with client() as http:
        response = await http.post(route, content=body, headers=JSON)
    [error] = _duplicate_key_errors(response)
    assert error["path"] == ("intakes" if route.endswith("batch") else "age")


@pytest.mark.anyio
async def test_a_batch_item_with_a_repeated_key_gets_its_own_error_and_the_others_are_assessed() -> (
    None
):
    body = f'{{"intakes": [{json.dumps(RUNNER)}, {TWICE}, {json.dumps(RUNNER)}]}}'
    async with client() as http:
        response = await http.post("/v1/assessments/batch", content=body, headers=JSON)
    assert response.status_code == 200
    result = response.json()
    assert (result["assessed"], result["rejected"]) == (2, 1)
    first, repeated, last = result["results"]
    expected = assess(RUNNER).model_dump(mode="json")
    assert first["assessment"] == expected and last["assessment"] == expected
    assert repeated["assessment"] is None
    [error] = repeated["error"]["errors"]
    assert (error["path"], error["type"]) == ("intakes.1.answers.saddle_numbness", "duplicate_key")


@pytest.mark.anyio
async def test_malformed_json_is_still_a_400() -> None:
    async with client() as http:
        response = await http.post("/v1/assessments", content='{"answers": {', headers=JSON)
    assert response.status_code == 400
    assert response.json()["errors"][0]["type"] == "json_invalid"


def _post_to_every_route(body: str) -> tuple[list[httpx.Response], httpx.Response]:
    """The answers of the single routes to a body, and of the batch route to it as one item."""

    async def post() -> tuple[list[httpx.Response], httpx.Response]:
        async with client() as http:
            singles = [await http.post(route, content=body, headers=JSON) for route in ROUTES]
            batch = f'{{"intakes": [{body}]}}'
            return singles, await http.post("/v1/assessments/batch", content=batch, headers=JSON)

    return asyncio.run(post())


@given(
    intake=testing.intakes(),
    question=testing.red_flag_questions(),
    values=st.sampled_from([("yes", "no"), ("no", "yes")]),
    at=st.integers(min_value=0, max_value=60),
)
def test_a_red_flag_answer_given_twice_is_refused_never_assessed(
    intake: dict[str, Any], question: Q, values: tuple[str, str], at: int
) -> None:
    path = f"answers.{question.value}"
    singles, batch = _post_to_every_route(_repeating(intake, question, values, at))
    for response in singles:
        [error] = _duplicate_key_errors(response)
        assert error["path"] == path
    [item] = batch.json()["results"]
    assert item["assessment"] is None
    assert [e["path"] for e in item["error"]["errors"]] == [f"intakes.0.{path}"]
