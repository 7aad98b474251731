"""A chatbot's side of one pht-triage conversation over MCP, with a scripted person.

It does what a language model does with the tools (docs/guides/mcp.md): it sends the person's
own words to `parse_text`, then calls `interview_step` with every answer so far and asks each
question as written, until the step says stop; then it shows `triage.see` and `triage.within`
as given, or `relay` word for word in an emergency (then only a question that decides whether to
call an ambulance is still asked). The person answers from examples/runner.json
("I don't know" for anything the sheet leaves out).

    python examples/mcp_chat.py                                   # starts `triage mcp` (stdio)
    python examples/mcp_chat.py --url http://127.0.0.1:8000/mcp   # a running `triage serve`
    python examples/mcp_chat.py --url ... --key KEY               # with API keys on
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import anyio
import httpx2
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

SHEET: dict[str, Any] = json.loads((Path(__file__).parent / "runner.json").read_text())
WORDS = (
    "I'm 34. My sit bone has ached for 3 weeks since I added speed work, and it hurts when I sit."
)


async def converse(client: Client, say: Any = print) -> dict[str, Any]:
    """Play the conversation, saying each turn; the last step."""
    say(f"person: {WORDS}")
    read = (await client.call_tool("parse_text", {"text": WORDS})).structured_content or {}
    request: dict[str, Any] = {"grouped": True, "answers": dict(read["answers"])}
    request.update({k: read[k] for k in ("age", "sex") if read.get(k) is not None})
    say(f"parse_text: {json.dumps(request)}")
    relayed = None
    while True:
        step = (await client.call_tool("interview_step", request)).structured_content or {}
        if step["relay"] is not None and step["relay"] != relayed:
            relayed = step["relay"]  # an emergency: its words first, unchanged
            say(f"shown word for word: {relayed}")
        question = step["question"]
        if question is None:
            say(f"stop: {step['stop_reason']}")
            if relayed is None:
                say(f"shown: {step['triage']['see']} {step['triage']['within']}")
            return step
        items = question["items"] if question["kind"] == "group" else [question]
        say(f"asked: {question['text']}")
        for item in items:
            answer = _answer(item["id"])
            *parents, name = item["field"].split(".")
            (request.setdefault(parents[0], {}) if parents else request)[name] = answer
            say(f"  {item['label']}: {answer}")


def _answer(item_id: str) -> Any:
    if item_id in ("age", "sex"):
        return SHEET.get(item_id, "unknown")
    return SHEET["answers"].get(item_id, "unknown")


async def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="the service's /mcp URL (default: start `triage mcp`)")
    parser.add_argument("--key", help="an API key, sent as a bearer token")
    args = parser.parse_args(argv)
    if args.url is None:
        command = StdioServerParameters(command=sys.executable, args=["-m", "triage", "mcp"])
        async with Client(command) as client:
            await converse(client)
        return
    headers = {"Authorization": f"Bearer {args.key}"} if args.key else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=30) as http,
        Client(streamable_http_client(args.url, http_client=http)) as client,
    ):
        await converse(client)


if __name__ == "__main__":
    anyio.run(main, sys.argv[1:])
