"""`/v1/interview`: the next question with its text and choices, a stop flag, and the result so far."""

from __future__ import annotations

from typing import Any

import pytest

from api.examples import (
    EMERGENCY,
    INTERVIEW_GROUPED_LATER,
    INTERVIEW_GROUPED_START,
    INTERVIEW_LATER,
)
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


async def test_a_warning_sign_answered_unknown_comes_back_once_as_a_repeat_with_its_field() -> None:
    request = {"answers": {**INTERVIEW_LATER["answers"], "night_pain": "unknown"}}
    async with client() as http:
        body = (await http.post("/v1/interview", json=request)).json()
    question = body["question"]
    assert question["id"] == "night_pain"
    assert question["repeat"] is True
    assert question["field"] == "second_answers.night_pain"
    assert "I don't know" in question["text"]
    assert body["asked_twice"] == []


async def test_once_in_second_answers_a_question_is_not_asked_again_and_the_stop_says_why() -> None:
    request: dict[str, Any] = {
        "answers": {**INTERVIEW_LATER["answers"], "night_pain": "unknown"},
        "second_answers": {"night_pain": "unknown"},
    }
    async with client() as http:
        while True:
            body = (await http.post("/v1/interview", json=request)).json()
            if body["should_stop"]:
                break
            assert body["question"]["id"] != "night_pain"
            assert body["question"]["repeat"] is False
            field: str = body["question"]["field"]
            if "." in field:
                parent, name = field.split(".")
                request.setdefault(parent, {})[name] = "unknown"
            else:
                request[field] = None
    assert body["stop_reason"] == "screen_incomplete"
    assert body["asked_twice"] == ["night_pain"]
    assert body["triage"]["level"] != "self_care"
    assert body["assessment"]["red_flag_screen"]["unanswered"] == ["night_pain"]


async def test_a_yes_in_either_answer_to_a_warning_sign_counts_as_the_red_flag() -> None:
    request = {"answers": {"night_pain": "no"}, "second_answers": {"night_pain": "yes"}}
    async with client() as http:
        body = (await http.post("/v1/interview", json=request)).json()
    assert [flag["id"] for flag in body["red_flags"]] == ["night_pain"]


async def test_a_second_answer_to_a_question_that_is_not_a_warning_sign_is_a_422() -> None:
    request = {"answers": {}, "second_answers": {"sit_bone_pain": "yes"}}
    async with client() as http:
        response = await http.post("/v1/interview", json=request)
    assert response.status_code == 422
    assert [e["path"] for e in response.json()["errors"]] == ["second_answers.sit_bone_pain"]


async def test_the_openapi_schema_lists_each_stop_reason_with_what_a_chatbot_does() -> None:
    async with client() as http:
        schema = (await http.get("/openapi.json")).json()
    stop = schema["components"]["schemas"]["InterviewStepOut"]["properties"]["stop_reason"]
    choice = stop["anyOf"][0]
    assert choice["enum"] == ["emergency", "settled", "screen_incomplete"]
    assert len(choice["x-enum-descriptions"]) == 3
    assert all(f"`{reason}`" in stop["description"] for reason in choice["enum"])
    request = schema["paths"]["/v1/interview"]["post"]["requestBody"]["content"]
    assert "second_answers" in str(schema["components"]["schemas"]["InterviewRequest"])
    assert "repeat" in request["application/json"]["examples"]


async def test_a_grouped_request_gets_a_group_whose_items_each_say_where_their_answer_goes() -> (
    None
):
    async with client() as http:
        response = await http.post("/v1/interview", json=INTERVIEW_GROUPED_START)
    question = response.json()["question"]
    assert response.status_code == 200
    assert question["kind"] == "group" and question["id"] == "nerve_warning_signs"
    assert question["text"] and question["why"] and question["repeat"] is False
    assert [item["field"] for item in question["items"]] == [
        f"answers.{item['id']}" for item in question["items"]
    ]
    assert all(
        item["label"] and item["choices"] == ["yes", "no", "unknown"] for item in question["items"]
    )


async def test_a_warning_sign_left_unanswered_in_a_group_comes_back_in_the_repeat_group() -> None:
    async with client() as http:
        body = (await http.post("/v1/interview", json=INTERVIEW_GROUPED_LATER)).json()
    question = body["question"]
    assert question["kind"] == "yes_no" and question["repeat"] is True
    assert question["field"] == "second_answers.weight_loss"


async def test_a_patient_is_never_asked_an_examination_item_and_a_clinician_is() -> None:
    screen = {q.value: "no" for q in RED_FLAG_QUESTIONS}
    request: dict[str, Any] = {
        "answers": {**screen, "sit_bone_pain": "yes", "sitting_pain": "yes"},
        "grouped": True,
    }
    async with client() as http:
        for audience, examined in (("patient", False), ("clinician", True)):
            sent: dict[str, Any] = {
                **request,
                "audience": audience,
                "answers": dict(request["answers"]),
            }
            groups = []
            for _ in range(20):
                body = (await http.post("/v1/interview", json=sent)).json()
                if body["should_stop"]:
                    break
                question = body["question"]
                groups.append(question["id"] if question["kind"] == "group" else question["group"])
                for item in question.get("items") or [question]:
                    where, _, name = item["field"].rpartition(".")
                    (sent["answers"] if where == "answers" else sent)[name] = "unknown"
            assert ("examination" in groups) is examined, (audience, groups)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"answers": {}, "audience": "doctor"}, "audience"),
        ({"answers": {}, "grouped": "yes"}, "grouped"),
        ({"answers": {}, "age": "forty"}, "age"),
    ],
)
async def test_a_bad_conversation_field_is_a_422_naming_it(body: dict[str, Any], path: str) -> None:
    async with client() as http:
        response = await http.post("/v1/interview", json=body)
    assert response.status_code == 422
    assert [e["path"] for e in response.json()["errors"]] == [path]


async def test_age_and_sex_unknown_are_accepted_and_count_as_asked() -> None:
    async with client() as http:
        response = await http.post(
            "/v1/interview", json={"age": "unknown", "sex": "unknown", "answers": {}}
        )
    assert response.status_code == 200
    assert {"age", "sex"} <= set(response.json()["asked"])


async def test_the_openapi_schema_describes_audience_grouped_and_the_group_question() -> None:
    async with client() as http:
        schema = (await http.get("/openapi.json")).json()
    components = schema["components"]["schemas"]
    request = components["InterviewRequest"]["properties"]
    assert {"audience", "grouped"} <= set(request)
    assert "examination" in request["audience"]["description"]
    question = components["InterviewStepOut"]["properties"]["question"]["anyOf"][0]
    assert question["discriminator"]["mapping"]["group"].endswith("/QuestionGroupOut")
    assert components["QuestionGroupOut"]["properties"]["items"]["items"]["$ref"].endswith(
        "/InterviewQuestionOut"
    )
