"""`/v1/interview`: the next question with its text and choices, a stop flag, and the result so far."""

from __future__ import annotations

import pytest

from api.examples import EMERGENCY, INTERVIEW_LATER
from rules.vocabulary import RED_FLAG_QUESTIONS
from tests.api.support import client

pytestmark = pytest.mark.anyio


async def test_the_first_question_is_the_first_of_the_red_flag_screen_with_text_and_choices() -> (
    None
):
    async with client() as http:
        response = await http.post("/v1/interview", json={"answers": {}})
    body = response.json()
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    question = body["question"]
    assert question["id"] == RED_FLAG_QUESTIONS[0].value
    assert question["field"] == f"answers.{RED_FLAG_QUESTIONS[0].value}"
    assert question["choices"] == ["yes", "no", "unknown"]
    assert question["text"] and question["why"] and body["reason"]
    assert body["should_stop"] is False
    assert body["assessment"]["red_flag_screen"]["complete"] is False


async def test_after_the_screen_the_interview_asks_beyond_it_with_the_current_assessment() -> None:
    async with client() as http:
        body = (await http.post("/v1/interview", json=INTERVIEW_LATER)).json()
    assert body["question"]["group"] not in ("red_flag",)
    assert body["assessment"]["red_flag_screen"]["complete"] is True
    assert set(body["asked"]) >= {q.value for q in RED_FLAG_QUESTIONS}


async def test_an_emergency_stops_the_interview_with_a_triage_only_result() -> None:
    async with client() as http:
        body = (await http.post("/v1/interview", json=EMERGENCY)).json()
    assert body["should_stop"] is True
    assert body["stop_reason"] == "emergency"
    assert body["question"] is None
    assert body["assessment"] is None
    assert body["triage"]["level"] == "emergency"
    assert body["red_flags"]


async def test_an_answer_sent_as_unknown_is_not_asked_again() -> None:
    first = RED_FLAG_QUESTIONS[0].value
    async with client() as http:
        body = (await http.post("/v1/interview", json={"answers": {first: "unknown"}})).json()
    assert body["question"]["id"] == RED_FLAG_QUESTIONS[1].value
    assert first in body["asked"]
