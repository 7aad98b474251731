"""The MCP guide (`docs/guides/mcp.md`): its conversation is what `examples/mcp_chat.py` prints when
played through the SDK's client, and its emergency is what `assess` answers, so it cannot go stale."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.api.mcp.support import connected
from tests.docs.test_chatbot_guide import shown_within

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).parents[2]
GUIDE = (ROOT / "docs" / "guides" / "mcp.md").read_text(encoding="utf-8")


def block(title: str) -> str:
    """The text of the guide's code block with this title."""
    found = re.search(rf'```\w+ title="{title}"\n(.*?)\n```', GUIDE, re.DOTALL)
    assert found is not None, title
    return found.group(1)


def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mcp_chat", ROOT / "examples" / "mcp_chat.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_the_guide_shows_what_the_example_conversation_prints() -> None:
    said: list[str] = []
    async with connected() as mcp:
        last = await example().converse(mcp, said.append)
    assert "\n".join(said) == block("transcript")
    assert last["stop_reason"] == "settled"


async def test_the_guide_shows_the_emergency_as_assess_answers_it() -> None:
    async with connected() as mcp:
        result = await mcp.call_tool("assess", {"intake": {"answers": {"saddle_numbness": "yes"}}})
    answered: dict[str, Any] = result.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert shown_within(json.loads(block("emergency")), answered) == []


async def test_the_example_shows_an_emergency_once_word_for_word_and_asks_only_about_the_ambulance() -> (
    None
):
    chat = example()
    setattr(chat, "WORDS", "I have numbness around my genitals and back passage.")  # noqa: B010
    setattr(chat, "SHEET", {"answers": {"breathless_or_chest_pain": "no"}})  # noqa: B010
    said: list[str] = []
    async with connected() as mcp:
        last = await chat.converse(mcp, said.append)
    relayed = [line for line in said if line.startswith("shown word for word: ")]
    assert relayed == [f"shown word for word: {last['relay']}"]
    assert last["stop_reason"] == "emergency"
    asked = [line for line in said if line.startswith("asked: ")]
    assert len(asked) <= 2  # only the questions that decide whether to call an ambulance
