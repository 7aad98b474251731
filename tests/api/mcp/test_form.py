"""The warning-sign screen as a form the host shows the person (MCP elicitation), where the client
declares it; the ordinary step for the model where it does not, or when the person declines."""

from __future__ import annotations

from typing import Any, Literal

import pytest

from api.mcp.form import form_items
from rules.vocabulary import RED_FLAG_QUESTIONS
from tests.api.mcp.support import Person, connected, content
from triage import next_step

pytestmark = pytest.mark.anyio

SCREEN = [q.value for q in RED_FLAG_QUESTIONS]


async def test_a_host_with_forms_shows_the_person_each_screen_group_and_the_answers_count() -> None:
    person = Person({"answers": dict.fromkeys(SCREEN, "no")})
    request: dict[str, Any] = {"answers": {}}
    async with connected(elicitation_callback=person) as mcp:
        for _ in range(4):
            found = content(await mcp.call_tool("interview_step", request))
            assert found["form"]["action"] == "accept"
            request["answers"].update(found["form"]["answers"])
    assert sorted(request["answers"]) == sorted(SCREEN)
    assert set(request["answers"].values()) == {"no"}
    assert found["question"]["id"] not in SCREEN
    assert found["assessment"]["red_flag_screen"]["complete"] is True
    assert len(person.forms) == 4


async def test_the_form_asks_yes_no_or_i_do_not_know_for_each_sign_with_no_default() -> None:
    person = Person({})
    async with connected(elicitation_callback=person) as mcp:
        found = content(await mcp.call_tool("interview_step", {"answers": {}}))
    (form,) = person.forms
    schema: dict[str, Any] = form.requested_schema  # type: ignore[union-attr]
    assert list(schema["properties"]) == [
        "saddle_numbness",
        "bladder_bowel_change",
        "both_legs_symptoms",
        "leg_weakness_worsening",
    ]
    assert schema["required"] == list(schema["properties"])
    for field in schema["properties"].values():
        assert [option["const"] for option in field["oneOf"]] == ["yes", "no", "unknown"]
        assert "default" not in field
    assert "I don't know" in form.message
    assert set(found["form"]["answers"].values()) == {"unknown"}


async def test_a_warning_sign_said_yes_in_the_form_ends_in_the_relay() -> None:
    person = Person({"answers": {"saddle_numbness": "yes"}})
    async with connected(elicitation_callback=person) as mcp:
        found = content(await mcp.call_tool("interview_step", {"grouped": True, "answers": {}}))
    assert found["triage"]["level"] == "emergency"
    assert found["relay"] is not None
    assert found["form"]["answers"]["saddle_numbness"] == "yes"


@pytest.mark.parametrize("action", ["decline", "cancel"])
async def test_a_declined_form_falls_back_to_the_question_for_the_model(
    action: Literal["decline", "cancel"],
) -> None:
    async with connected(elicitation_callback=Person({}, action)) as mcp:
        found = content(await mcp.call_tool("interview_step", {"grouped": True, "answers": {}}))
    assert found["form"] == {"action": action, "answers": {}}
    assert found["question"]["id"] == "nerve_warning_signs"


async def test_a_host_without_forms_gets_the_ordinary_step() -> None:
    async with connected() as mcp:
        found = content(await mcp.call_tool("interview_step", {"grouped": True, "answers": {}}))
    assert found["form"] is None
    assert found["question"]["id"] == "nerve_warning_signs"


async def test_a_host_on_the_2025_protocol_gets_the_form_as_a_request_within_the_call() -> None:
    person = Person({"answers": dict.fromkeys(SCREEN, "no")})
    async with connected(mode="legacy", elicitation_callback=person) as mcp:
        assert mcp.protocol_version == "2025-11-25"
        found = content(await mcp.call_tool("interview_step", {"answers": {}}))
    assert found["form"]["action"] == "accept"
    assert len(person.forms) == 1


def test_no_form_once_an_emergency_is_found_for_a_repeat_or_after_the_screen() -> None:
    emergency = next_step({"answers": {"saddle_numbness": "yes"}})
    screened = dict.fromkeys(SCREEN, "no")
    repeat = next_step({"answers": {**screened, "weight_loss": "unknown"}})
    after = next_step({"answers": screened})
    assert emergency.question is not None and form_items(emergency) == ()
    assert repeat.repeat and form_items(repeat) == ()
    assert after.question is not None and form_items(after) == ()


def test_a_single_warning_sign_question_is_asked_in_a_form_with_the_rest_of_its_group() -> None:
    step = next_step({"answers": {"saddle_numbness": "no"}})
    assert [item.id for item in form_items(step)] == [
        "bladder_bowel_change",
        "both_legs_symptoms",
        "leg_weakness_worsening",
    ]
