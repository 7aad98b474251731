"""The tools through the official SDK's client, in memory: their annotations and schemas, what each
answers (the same as the REST service), and a bad argument as a tool error naming the field."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from mcp import Client
from pydantic import BaseModel

from api.mcp.server import build_server
from api.mcp.tools import AssessArguments, ExplainArguments
from api.routers.parse import ParseRequest
from api.schemas import InterviewStepOut
from tests.api.mcp.support import connected, content, mcp_step, play, problem_of
from tests.api.support import client
from tests.scenarios import load_scenarios
from triage import Triage, assess, next_step
from triage.freetext import parse
from triage.interview.next_question import InterviewRequest

pytestmark = pytest.mark.anyio

TOOLS: dict[str, type[BaseModel]] = {
    "interview_step": InterviewRequest,
    "assess": AssessArguments,
    "parse_text": ParseRequest,
    "explain": ExplainArguments,
}


async def test_every_tool_is_read_only_idempotent_and_closed_world() -> None:
    async with connected() as mcp:
        listed = (await mcp.list_tools()).tools
    assert {tool.name for tool in listed} == set(TOOLS)
    for tool in listed:
        hints = tool.annotations
        assert hints is not None, tool.name
        assert (hints.read_only_hint, hints.destructive_hint) == (True, False), tool.name
        assert (hints.idempotent_hint, hints.open_world_hint) == (True, False), tool.name


async def test_each_input_schema_is_the_contract_model_schema_and_each_has_an_output_schema() -> (
    None
):
    async with connected() as mcp:
        listed = {tool.name: tool for tool in (await mcp.list_tools()).tools}
    for name, model in TOOLS.items():
        assert listed[name].input_schema == model.model_json_schema(), name
        assert listed[name].output_schema is not None, name
    step = listed["interview_step"]
    assert set(step.input_schema["properties"]) == {
        "answers",
        "second_answers",
        "age",
        "sex",
        "audience",
        "grouped",
    }
    assert "relay" in step.output_schema["required"]  # type: ignore[index]


async def test_each_description_says_what_to_pass_what_to_show_and_the_relay_rule() -> None:
    async with connected() as mcp:
        listed = {tool.name: tool for tool in (await mcp.list_tools()).tools}
        instructions = mcp.instructions or ""
    for tool in listed.values():
        description = tool.description or ""
        assert "Pass:" in description, tool.name
        assert "`relay`" in description and "exactly as written" in description, tool.name
        assert "end the conversation" in description, tool.name
    for name in ("interview_step", "assess"):
        assert "Show the person" in (listed[name].description or "")
    assert "`relay`" in instructions and "end the conversation" in instructions


async def test_interview_step_answers_what_the_rest_interview_answers() -> None:
    request = {
        "grouped": True,
        "age": 30,
        "answers": {"saddle_numbness": "no", "sitting_pain": "yes"},
    }
    async with connected() as mcp:
        found = content(await mcp.call_tool("interview_step", request))
    expected = InterviewStepOut.of(next_step(request)).model_dump(mode="json")
    assert {key: found[key] for key in expected} == expected
    assert found["relay"] is None
    assert found["form"] is None


async def test_assess_answers_the_assessment_and_parse_text_the_reading() -> None:
    intake = {"age": 34, "answers": {"sit_bone_pain": "yes", "sitting_pain": "yes"}}
    text = "Deep ache in my sit bone for two months, worse sitting."
    async with connected() as mcp:
        assessed = content(await mcp.call_tool("assess", {"intake": intake}))
        read = content(await mcp.call_tool("parse_text", {"text": text}))
    expected = assess(intake).model_dump(mode="json")
    assert {key: assessed[key] for key in expected} == expected
    assert read["answers"] == parse(text).as_dict()["answers"]
    assert read["answers"]["sitting_pain"] == "yes"


async def test_the_structured_content_is_also_the_json_text_block() -> None:
    async with connected() as mcp:
        result = await mcp.call_tool("explain", {"id": "saddle_numbness"})
    (block,) = result.content
    assert block.type == "text"
    assert json.loads(block.text) == result.structured_content
    assert block.annotations is not None and block.annotations.audience == ["assistant"]


@pytest.mark.parametrize(
    ("tool", "arguments", "path", "kind"),
    [
        (
            "interview_step",
            {"answers": {"sit_bone_pian": "yes"}},
            "answers.sit_bone_pian",
            "unknown_question",
        ),
        (
            "interview_step",
            {"answers": {"sitting_pain": "maybe"}},
            "answers.sitting_pain",
            "yes_no_expected",
        ),
        ("interview_step", {"age": 300}, "age", "age_out_of_range"),
        ("interview_step", {"audience": "doctor"}, "audience", "enum"),
        ("interview_step", {"anwsers": {}}, "anwsers", "unknown_field"),
        (
            "interview_step",
            {"second_answers": {"sitting_pain": "no"}},
            "second_answers.sitting_pain",
            "not_repeatable",
        ),
        ("assess", {}, "intake", "missing"),
        (
            "assess",
            {"intake": {"answers": {"pain_severity": 11}}},
            "intake.answers.pain_severity",
            "number_out_of_range",
        ),
        ("assess", {"intake": {}, "extra": 1}, "extra", "unknown_field"),
        ("parse_text", {"text": 5}, "text", "string_type"),
        ("parse_text", {"text": "x" * 5001}, "text", "string_too_long"),
        ("explain", {"id": "sadle_numbness"}, "id", "unknown_id"),
    ],
)
async def test_a_bad_argument_is_a_tool_error_naming_the_field(
    tool: str, arguments: dict[str, Any], path: str, kind: str
) -> None:
    async with connected() as mcp:
        found = problem_of(await mcp.call_tool(tool, arguments))
    assert found["status"] == 422
    assert (found["errors"][0]["path"], found["errors"][0]["type"]) == (path, kind)
    assert tool in found["detail"]


async def test_a_mistyped_id_gets_the_nearest_as_a_suggestion() -> None:
    async with connected() as mcp:
        question = problem_of(
            await mcp.call_tool("interview_step", {"answers": {"sit_bone_pian": "yes"}})
        )
        topic = problem_of(await mcp.call_tool("explain", {"id": "sadle_numbness"}))
    assert question["errors"][0]["suggestion"] == "sit_bone_pain"
    assert topic["errors"][0]["suggestion"] == "saddle_numbness"


async def test_answers_sent_as_a_json_string_are_read_and_a_repeated_key_in_them_refused() -> None:
    async with connected() as mcp:
        read = content(
            await mcp.call_tool("interview_step", {"answers": '{"saddle_numbness": "yes"}'})
        )
        repeated = await mcp.call_tool(
            "interview_step", {"answers": '{"saddle_numbness": "yes", "saddle_numbness": "no"}'}
        )
        broken = await mcp.call_tool("assess", {"intake": '{"answers": '})
    assert read["triage"]["level"] == "emergency"
    assert problem_of(repeated)["errors"][0] == {
        **problem_of(repeated)["errors"][0],
        "path": "answers.saddle_numbness",
        "type": "duplicate_key",
    }
    assert problem_of(broken)["errors"][0]["type"] == "json_invalid"


async def test_arguments_that_are_not_an_object_are_a_tool_error_not_a_crash() -> None:
    async with connected() as mcp:
        result = await mcp.session.call_tool("assess", None)
    assert problem_of(result)["errors"][0]["path"] == "intake"


async def _rest_step(request: dict[str, Any]) -> dict[str, Any]:
    async with client() as http:
        answer = await http.post("/v1/interview", json=request)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


@pytest.mark.slow
@pytest.mark.parametrize("grouped", [False, True])
async def test_a_whole_conversation_through_interview_step_ends_as_the_rest_interview_does(
    grouped: bool,
) -> None:
    async with connected() as mcp:
        for scenario in load_scenarios():
            asked, last = await play(mcp_step(mcp), scenario.intake, grouped=grouped)
            rest_asked, rest_last = await play(_rest_step, scenario.intake, grouped=grouped)
            assert asked == rest_asked, scenario.name
            assert last["triage"] == rest_last["triage"], scenario.name
            assert last["stop_reason"] == rest_last["stop_reason"], scenario.name
            assert last["triage"]["level"] == scenario.expect["level"], scenario.name


async def test_the_client_validates_results_against_the_declared_output_schemas() -> None:
    client_options: dict[str, Any] = {}
    async with connected(**client_options) as mcp:
        assert isinstance(mcp, Client)
        for name, arguments in (
            ("interview_step", {"grouped": True}),
            ("assess", {"intake": {"answers": {"saddle_numbness": "yes"}}}),
            ("parse_text", {"text": "no fever"}),
            ("explain", {"id": "consultation_24"}),
        ):
            await mcp.session.validate_tool_result(name, await mcp.call_tool(name, arguments))


async def test_no_argument_text_or_result_reaches_the_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    for name in ("mcp", "api"):
        caplog.set_level(logging.DEBUG, logger=name)
    words = "Jane Doe has numbness around her genitals"
    async with connected() as mcp:
        await mcp.call_tool("parse_text", {"text": words})
        await mcp.call_tool("assess", {"intake": {"answers": {"saddle_numbness": "yes"}}})
        await mcp.call_tool("interview_step", {"answers": {"sit_bone_pian": "maybe"}})
        await mcp.call_tool("explain", {"id": "Jane Doe"})
    # The SDK's and the service's own loggers, at every level (the rule engine's are the core's).
    logged = "\n".join(
        record.getMessage() for record in caplog.records if record.name.startswith(("mcp", "api"))
    )
    for secret in ("Jane", "numbness", "saddle_numbness", "maybe", "sit_bone_pian", "emergency"):
        assert secret not in logged, secret


def test_making_a_server_leaves_the_root_logger_as_it_was() -> None:
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    build_server(Triage())
    assert (list(root.handlers), root.level) == before
