"""What the MCP tests share: the official SDK's client on the server, and a chatbot that plays an
interview through `interview_step` from a person's answer sheet."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, Literal

from mcp import Client
from mcp.client.context import ClientRequestContext
from mcp.types import CallToolResult, ElicitRequestParams, ElicitResult

from api.mcp.server import build_server
from triage import Triage
from triage.devtools.conversation import INTERVIEW_STEP_LIMIT

SERVER = build_server(Triage())
"""One server for the in-memory tests: it keeps no state between calls."""


@asynccontextmanager
async def connected(**options: Any) -> AsyncIterator[Client]:
    """The SDK's client connected in memory (2026-07-28 unless `mode` says otherwise)."""
    async with Client(SERVER, **options) as client:
        yield client


def content(result: CallToolResult) -> dict[str, Any]:
    """A successful call's structured content."""
    assert not result.is_error, result.content
    found: dict[str, Any] | None = result.structured_content
    assert found is not None
    return found


def problem_of(result: CallToolResult) -> dict[str, Any]:
    """A failed call's problem (the REST service's problem, as the error's text)."""
    assert result.is_error
    text = result.content[0]
    assert text.type == "text"
    found: dict[str, Any] = json.loads(text.text)
    return found


def sheet_answer(sheet: Mapping[str, Any], field: str) -> Any:
    """The sheet's answer for a question's field: "unknown" for what it leaves out."""
    *parents, name = field.split(".")
    if parents:
        return sheet.get("answers", {}).get(name, "unknown")
    return sheet.get(name, "unknown")


def record(request: dict[str, Any], field: str, value: Any) -> None:
    """Put an answer where its field says."""
    *parents, name = field.split(".")
    target = request
    for parent in parents:
        target = target.setdefault(parent, {})
    target[name] = value


Step = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]
"""One interview step: a request in, the step (as JSON) out."""


async def play(
    step: Step, sheet: Mapping[str, Any], **conversation: Any
) -> tuple[list[str], dict[str, Any]]:
    """A chatbot answering each question from the sheet, as the step's fields say, to the end
    (adding the answers of any form the host showed): the items asked in order, and the last step."""
    request: dict[str, Any] = {**conversation, "answers": {}}
    asked: list[str] = []
    for _ in range(INTERVIEW_STEP_LIMIT + 1):
        found = await step(request)
        if found.get("form"):  # the person answered a form: the model carries the answers on
            request["answers"].update(found["form"]["answers"])
        question = found["question"]
        if question is None:
            return asked, found
        for item in question["items"] if question["kind"] == "group" else [question]:
            asked.append(item["id"])
            record(request, item["field"], sheet_answer(sheet, item["field"]))
    raise AssertionError("the interview did not stop")


def mcp_step(client: Client) -> Step:
    """A step through the `interview_step` tool."""

    async def step(request: dict[str, Any]) -> dict[str, Any]:
        return content(await client.call_tool("interview_step", request))

    return step


class Person:
    """A host that shows each form to a person who answers from a sheet, or declines."""

    def __init__(
        self, sheet: Mapping[str, Any], action: Literal["accept", "decline", "cancel"] = "accept"
    ) -> None:
        self.sheet = sheet
        self.action = action
        self.forms: list[ElicitRequestParams] = []

    async def __call__(
        self, context: ClientRequestContext, params: ElicitRequestParams
    ) -> ElicitResult:
        """Answer one form."""
        self.forms.append(params)
        if self.action != "accept":
            return ElicitResult(action=self.action)
        schema: dict[str, Any] = params.requested_schema  # type: ignore[union-attr]
        return ElicitResult(
            action="accept",
            content={
                name: sheet_answer(self.sheet, f"answers.{name}") for name in schema["properties"]
            },
        )
