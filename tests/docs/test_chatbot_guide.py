"""The chatbot guide (`docs/guides/chatbot-interview.md`): every request in it is sent to the service,
and every response it shows must be part of what the service answers, so the guide cannot go stale."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.api.support import client

pytestmark = pytest.mark.anyio

GUIDE = Path(__file__).parents[2] / "docs" / "guides" / "chatbot-interview.md"
BLOCK = re.compile(r'```json title="(request|response)"\n(.*?)\n```', re.DOTALL)


def shown_within(shown: Any, actual: Any, where: str = "") -> list[str]:
    """Where a shortened response differs from the real one (a dict shows some of its keys; a
    list shows its first items, each shortened)."""
    if isinstance(shown, dict):
        if not isinstance(actual, dict):
            return [f"{where}: an object in the guide, {actual!r} from the service"]
        return [
            problem
            for key, value in shown.items()
            for problem in (
                shown_within(value, actual[key], f"{where}.{key}")
                if key in actual
                else [f"{where}.{key}: not in the response"]
            )
        ]
    if isinstance(shown, list):
        if not isinstance(actual, list) or len(shown) > len(actual):
            return [f"{where}: the guide shows {len(shown)} items, the service {actual!r}"]
        return [p for n, s in enumerate(shown) for p in shown_within(s, actual[n], f"{where}[{n}]")]
    return (
        [] if shown == actual else [f"{where}: the guide shows {shown!r}, the service {actual!r}"]
    )


def pairs() -> list[tuple[Any, Any]]:
    blocks = BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    kinds = [kind for kind, _ in blocks]
    assert kinds == ["request", "response"] * (len(blocks) // 2), kinds
    bodies = [json.loads(text) for _, text in blocks]
    return list(zip(bodies[::2], bodies[1::2], strict=True))


def test_the_guide_shows_a_request_and_a_response_for_each_stop_reason() -> None:
    found = pairs()
    assert len(found) >= 5
    assert {response.get("stop_reason") for _, response in found} >= {
        "settled",
        "screen_incomplete",
        "emergency",
    }


async def test_every_response_in_the_guide_is_what_the_service_answers() -> None:
    async with client() as http:
        for request, shown in pairs():
            response = await http.post("/v1/interview", json=request)
            assert response.status_code == 200, response.text
            problems = shown_within(shown, response.json())
            assert not problems, problems
