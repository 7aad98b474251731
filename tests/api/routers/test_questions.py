"""`/v1/questions`: the questionnaire a clinic builds its intake form from."""

from __future__ import annotations

import pytest

from rules.vocabulary import Q
from tests.api.support import client
from triage.texts import question_texts

pytestmark = pytest.mark.anyio


async def test_the_questionnaire_lists_every_question_with_its_text_in_order() -> None:
    async with client() as http:
        body = (await http.get("/v1/questions")).json()
    ids = [item["id"] for item in body["items"]]
    assert ids == ["age", "sex", *(q.value for q in Q)]
    assert [item["order"] for item in body["items"]] == list(range(len(ids)))
    texts = question_texts()
    by_id = {item["id"]: item for item in body["items"]}
    assert all(by_id[q.value]["text"] == texts[q].text for q in Q)


async def test_the_questionnaire_gives_groups_in_order_types_choices_and_ranges() -> None:
    async with client() as http:
        body = (await http.get("/v1/questions")).json()
    assert body["groups"] == ["person", "red_flag", "history", "symptom", "examination"]
    by_id = {item["id"]: item for item in body["items"]}
    assert by_id["duration_weeks"]["kind"] == "number"
    assert (by_id["duration_weeks"]["minimum"], by_id["duration_weeks"]["maximum"]) == (0, 520)
    assert by_id["sitting_pain"]["choices"] == ["yes", "no", "unknown"]
    assert by_id["sex"]["choices"] == ["female", "male", "other", "unknown"]
    assert by_id["age"]["field"] == "age"
    assert by_id["sitting_pain"]["field"] == "answers.sitting_pain"
