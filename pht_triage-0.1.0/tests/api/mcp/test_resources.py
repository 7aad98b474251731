"""The resources (questionnaire, rule catalogue, contract) and the conversation prompt, read through
the SDK's client; the questionnaire and the catalogue are what the REST service serves."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api.mcp.resources import CONTRACT_URI, PROMPT, QUESTIONNAIRE_URI, RULES_URI
from tests.api.mcp.support import connected
from tests.api.support import client

pytestmark = pytest.mark.anyio


async def _read(uri: str) -> Any:
    async with connected() as mcp:
        result = await mcp.read_resource(uri)
    (contents,) = result.contents
    assert contents.mime_type == "application/json"
    return json.loads(contents.text)  # type: ignore[union-attr]


async def test_the_resources_are_listed_with_descriptions() -> None:
    async with connected() as mcp:
        listed = (await mcp.list_resources()).resources
    assert {str(r.uri) for r in listed} == {QUESTIONNAIRE_URI, RULES_URI, CONTRACT_URI}
    assert all(r.description for r in listed)


@pytest.mark.parametrize(
    ("uri", "path"), [(QUESTIONNAIRE_URI, "/v1/questions"), (RULES_URI, "/v1/rules")]
)
async def test_the_questionnaire_and_the_catalogue_are_what_the_service_serves(
    uri: str, path: str
) -> None:
    async with client() as http:
        served = (await http.get(path)).json()
    assert await _read(uri) == served


async def test_the_questionnaire_says_why_each_item_is_asked() -> None:
    found = await _read(QUESTIONNAIRE_URI)
    assert all(item["text"] and item["why"] for item in found["items"])


async def test_the_contract_gives_the_levels_and_the_schemas_of_the_tools() -> None:
    found = await _read(CONTRACT_URI)
    assert [level["level"] for level in found["levels"]][:2] == ["emergency_ambulance", "emergency"]
    assert {"Intake", "InterviewRequest", "InterviewStepResult", "AssessmentResult"} <= set(
        found["schemas"]
    )
    assert "relay" in found["schemas"]["AssessmentResult"]["properties"]


async def test_the_prompt_says_how_to_hold_the_conversation() -> None:
    async with connected() as mcp:
        (listed,) = (await mcp.list_prompts()).prompts
        got = await mcp.get_prompt(PROMPT)
    assert listed.name == PROMPT
    (message,) = got.messages
    text = message.content.text  # type: ignore[union-attr]
    for rule in (
        "as written",
        "I don't know",
        "parse_text",
        "triage.see",
        "triage.within",
        "should_stop",
        "`relay`",
    ):
        assert rule in text, rule
