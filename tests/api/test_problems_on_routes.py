"""Every error is an RFC 9457 problem (`application/problem+json`) naming each bad field; no input gives a 500."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import APIRouter

from api.problems import PROBLEM_MEDIA_TYPE, TYPE_PREFIX
from api.settings import MAX_BATCH_ITEMS
from tests.api.support import TEST_BODY_LIMIT, client, make_app

pytestmark = pytest.mark.anyio

PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance", "errors", "more_errors"}


def problem_of(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, Any] = response.json()
    assert set(body) == PROBLEM_FIELDS
    assert body["status"] == status
    assert body["type"].startswith(TYPE_PREFIX)
    return body


def paths(problem: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {error["path"]: error for error in problem["errors"]}


async def test_an_unknown_question_id_is_a_422_naming_the_nearest_valid_id() -> None:
    async with client() as http:
        response = await http.post("/v1/assessments", json={"answers": {"sit_bone_pian": "yes"}})
    error = paths(problem_of(response, 422))["answers.sit_bone_pian"]
    assert error["suggestion"] == "sit_bone_pain"
    assert error["type"] == "unknown_question"
    assert error["loc"] == ["answers", "sit_bone_pian"]


async def test_every_bad_field_is_listed_with_its_path() -> None:
    body = {"age": 300, "answers": {"sitting_pain": True, "pain_severity": 11, "zzzz": "yes"}}
    async with client() as http:
        response = await http.post("/v1/assessments", json=body)
    found = paths(problem_of(response, 422))
    assert {"age", "answers.sitting_pain", "answers.pain_severity", "answers.zzzz"} <= set(found)


async def test_the_api_describes_a_bad_intake_exactly_as_the_library_does() -> None:
    from triage import IntakeError, parse_intake

    body = {"answers": {"sit_bone_pian": "yes", "duration_weeks": 9999}}
    with pytest.raises(IntakeError) as caught:
        parse_intake(body)
    async with client() as http:
        response = await http.post("/v1/interview", json=body)
    served = [(e["path"], e["message"], e["type"]) for e in problem_of(response, 422)["errors"]]
    assert served == [(p.path, p.message, p.type) for p in caught.value.problems]


@pytest.mark.parametrize("body", ["[]", '"text"', "3", "null"])
async def test_a_body_that_is_not_an_object_is_a_422(body: str) -> None:
    async with client() as http:
        response = await http.post(
            "/v1/assessments", content=body, headers={"content-type": "application/json"}
        )
    assert paths(problem_of(response, 422))


@pytest.mark.parametrize("route", ["/v1/assessments", "/v1/assessments/batch", "/v1/interview"])
async def test_malformed_json_is_a_400_saying_where(route: str) -> None:
    async with client() as http:
        response = await http.post(
            route, content='{"answers": {', headers={"content-type": "application/json"}
        )
    error = problem_of(response, 400)["errors"][0]
    assert error["type"] == "json_invalid"
    assert "character" in error["message"]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "image/png"]
)
async def test_a_body_that_is_not_declared_json_is_a_415(content_type: str) -> None:
    async with client() as http:
        response = await http.post(
            "/v1/assessments", content="{}", headers={"content-type": content_type}
        )
    problem_of(response, 415)


async def test_a_body_without_a_content_type_is_a_415() -> None:
    async with client() as http:
        response = await http.post("/v1/interview", content=b"{}")
    assert "content-type" not in response.request.headers
    problem_of(response, 415)


async def test_a_json_subtype_such_as_problem_json_is_accepted() -> None:
    async with client() as http:
        response = await http.post(
            "/v1/assessments", content="{}", headers={"content-type": "application/merge+json"}
        )
    assert response.status_code == 200


async def test_an_empty_body_is_a_422_saying_the_body_is_required() -> None:
    async with client() as http:
        response = await http.post("/v1/assessments", headers={"content-type": "application/json"})
    assert problem_of(response, 422)["errors"]


async def test_a_body_over_the_limit_is_a_413() -> None:
    padding = "x" * (TEST_BODY_LIMIT + 1)
    async with client() as http:
        response = await http.post("/v1/assessments", json={"answers": {}, "pad": padding})
    assert str(TEST_BODY_LIMIT) in problem_of(response, 413)["detail"]


async def test_a_chunked_body_over_the_limit_is_a_413_though_no_length_was_declared() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"answers": {}, "pad": "'
        for _ in range(TEST_BODY_LIMIT // 1024 + 2):
            yield b"x" * 1024
        yield b'"}'

    async with client() as http:
        response = await http.post(
            "/v1/assessments/batch", content=chunks(), headers={"content-type": "application/json"}
        )
    assert "content-length" not in response.request.headers
    problem_of(response, 413)


async def test_a_batch_over_the_item_limit_is_a_422_naming_the_limit() -> None:
    async with client() as http:
        response = await http.post(
            "/v1/assessments/batch", json={"intakes": [{}] * (MAX_BATCH_ITEMS + 1)}
        )
    error = paths(problem_of(response, 422))["intakes"]
    assert str(MAX_BATCH_ITEMS) in error["message"]


@pytest.mark.parametrize(
    ("method", "route"),
    [("GET", "/v1/assessments"), ("PUT", "/v1/interview"), ("DELETE", "/v1/questions")],
)
async def test_a_wrong_method_is_a_405_with_the_allowed_methods(method: str, route: str) -> None:
    async with client() as http:
        response = await http.request(method, route)
    problem_of(response, 405)
    assert response.headers["allow"]


async def test_an_unknown_path_is_a_404() -> None:
    async with client() as http:
        response = await http.get("/v1/nothing-here")
    assert problem_of(response, 404)["instance"] == "/v1/nothing-here"


async def test_a_batch_wrapper_with_an_unknown_field_is_a_422() -> None:
    async with client() as http:
        response = await http.post("/v1/assessments/batch", json={"intakes": [], "extra": 1})
    assert "extra" in paths(problem_of(response, 422))


async def test_an_unexpected_error_is_a_500_problem_that_leaks_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = make_app()
    broken = APIRouter()

    leaked = "secret detail: sit_bone_pain=yes"

    @broken.get("/boom")
    async def boom() -> None:
        raise RuntimeError(leaked)

    app.include_router(broken)
    with caplog.at_level(logging.DEBUG):
        async with client(app) as http:
            response = await http.get("/boom")
    body = problem_of(response, 500)
    assert "secret" not in json.dumps(body)
    assert "RuntimeError" in caplog.text
    assert "secret" not in caplog.text


HOSTILE_BODIES = {
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "NaN": '{"answers": {"duration_weeks": NaN}}',
    "Infinity": '{"age": Infinity}',
    "overflowing number": '{"age": 1e400}',
    "lone surrogate": '"\\ud800"',
    "NUL in an answer": '{"answers": {"sit_bone_pain": "\\u0000"}}',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
@pytest.mark.parametrize("route", ["/v1/assessments", "/v1/assessments/batch", "/v1/interview"])
async def test_a_hostile_body_is_a_clear_4xx_problem_never_a_500(name: str, route: str) -> None:
    async with client() as http:
        response = await http.post(
            route, content=HOSTILE_BODIES[name], headers={"content-type": "application/json"}
        )
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
