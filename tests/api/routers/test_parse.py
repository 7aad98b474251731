"""`POST /v1/parse`: free text in, mentions and proposed answers out (contract §7)."""

from __future__ import annotations

import pytest

from tests.api.support import client
from triage.freetext import MAX_TEXT_CHARS, parse

pytestmark = pytest.mark.anyio

TEXT = "Deep ache in my sit bone for two months, worse sitting, no numbness, but I've had a fever."


async def test_a_text_gets_the_same_reading_as_the_library() -> None:
    async with client() as http:
        response = await http.post("/v1/parse", json={"text": TEXT})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.json() == parse(TEXT).as_dict()
    assert response.json()["answers"]["duration_weeks"] == 8.7


async def test_a_denied_red_flag_is_listed_but_not_answered() -> None:
    async with client() as http:
        response = await http.post("/v1/parse", json={"text": "No fever and no chest pain."})
    body = response.json()
    assert {m["id"] for m in body["mentions"]} == {"fever_or_unwell", "breathless_or_chest_pain"}
    assert body["answers"] == {}


async def test_a_text_over_the_limit_is_a_422_naming_text() -> None:
    async with client() as http:
        response = await http.post("/v1/parse", json={"text": "a" * (MAX_TEXT_CHARS + 1)})
    assert response.status_code == 422
    assert [e["path"] for e in response.json()["errors"]] == ["text"]


@pytest.mark.parametrize(
    ("body", "path"),
    [
        (b'{"text": 5}', "text"),
        (b"{}", "text"),
        (b'{"text": "a", "txt": "b"}', "txt"),
        (b'{"text": "a", "text": "b"}', "text"),
    ],
)
async def test_a_bad_body_is_a_422_naming_the_field(body: bytes, path: str) -> None:
    async with client() as http:
        response = await http.post(
            "/v1/parse", content=body, headers={"content-type": "application/json"}
        )
    assert response.status_code == 422
    assert path in {e["path"] for e in response.json()["errors"]}


async def test_a_body_that_is_not_json_is_a_415() -> None:
    async with client() as http:
        response = await http.post(
            "/v1/parse", content=b"text=hello", headers={"content-type": "text/plain"}
        )
    assert response.status_code == 415


async def test_the_chatbot_example_of_the_docs_asks_what_is_left_denied_red_flags_included() -> (
    None
):
    first = "I'm 34. Deep ache in my sit bone for two months, worse sitting, no numbness, no fever."
    async with client() as http:
        reading = (await http.post("/v1/parse", json={"text": first})).json()
        assert reading["answers"] == {
            "duration_weeks": 8.7,
            "sit_bone_pain": "yes",
            "leg_tingling": "no",
            "sitting_pain": "yes",
        }
        intake = {"age": reading["age"], "answers": reading["answers"]}
        step = (await http.post("/v1/interview", json=intake)).json()
    assert step["question"]["id"] == "saddle_numbness"
    assert "fever_or_unwell" not in reading["answers"]
