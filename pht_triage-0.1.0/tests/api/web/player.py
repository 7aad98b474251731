"""A person who answers the intake's pages from a policy, in-process: how they fill each kind of page
(the same choices the browser tests make), and a player that posts the forms the pages make."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from tests.paths import CASES

Policy = Callable[[str], str]
"""How a person answers: the answer (a form value) for an item's field."""

FORM = "application/x-www-form-urlencoded"

NERVES = [
    "answers.saddle_numbness",
    "answers.bladder_bowel_change",
    "answers.both_legs_symptoms",
    "answers.leg_weakness_worsening",
]
"""The first page's items: the warning signs about nerves."""

NO_TO_EVERY_WARNING_SIGN = [
    "saddle_numbness",
    "bladder_bowel_change",
    "both_legs_symptoms",
    "breathless_or_chest_pain",
    "leg_weakness_worsening",
    "fever_or_unwell",
    "infection_risk",
    "cannot_bear_weight",
    "major_trauma",
    "osteoporosis",
    "calf_thigh_swelling",
    "cancer_history",
    "weight_loss",
    "night_pain",
    "palpable_mass",
    "worse_with_rest",
]
"""Every warning sign's id."""


def scenario(name: str) -> dict[str, Any]:
    """A clinical scenario's intake."""
    data: dict[str, Any] = json.loads((CASES / "scenarios" / f"{name}.json").read_text("utf-8"))
    intake: dict[str, Any] = data["intake"]
    return intake


def answering(intake: Mapping[str, Any]) -> Policy:
    """A person who answers from an intake, and "I don't know" to whatever it leaves out."""

    def answer(field_name: str) -> str:
        head, _, name = field_name.partition(".")
        value = intake.get(head) if not name else intake.get("answers", {}).get(name)
        return "unknown" if value is None else str(value)

    return answer


def unknowing(field_name: str) -> str:
    """A person who answers "I don't know" to everything."""
    return "unknown"


def ticks(fields: list[str], policy: Policy) -> list[str]:
    """The boxes a person ticks on a list: what they have; else "None of these" when they have
    none; else (unsure of some) "I don't know"."""
    values = {field: policy(field) for field in fields}
    yes = [field for field, value in values.items() if value == "yes"]
    if yes:
        return yes
    return ["none"] if set(values.values()) == {"no"} else ["unknown"]


@dataclass(frozen=True)
class Shown:
    """A page as the player reads it: its kind, the fields it asks, its main form's hidden fields."""

    kind: str
    """`checkboxes`, `inputs`, `question`, `check`, `result` or `refused`."""
    fields: list[str]
    numbers: frozenset[str]
    hidden: list[tuple[str, str]]
    text: str


def hidden(page: str) -> list[tuple[str, str]]:
    """The answers a page's main form carries, in order."""
    return read(page).hidden


def read(page: str) -> Shown:
    """What a page asks, from its HTML."""
    forms = re.findall(
        r'<form method="post" action="intake"(?! class="back-form")[^>]*>(.*?)</form>', page, re.S
    )
    form = forms[-1] if forms else ""
    hidden = [
        (html.unescape(name), html.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)
    ]
    fields = [value for name, value in hidden if name == "item"]
    numbers = frozenset(html.unescape(n) for n in re.findall(r'name="number:([^"]+)"', form))
    if fields:
        kind = (
            "checkboxes"
            if 'name="ticked"' in form
            else "inputs"
            if "answer:" in form
            else "question"
        )
    elif 'id="check"' in page:
        kind = "check"
    elif "care-card" in page:
        kind = "result"
    else:
        kind = "refused"
    answers = [(n, v) for n, v in hidden if n != "item"]
    return Shown(kind, fields, numbers, answers, page)


def controls(shown: Shown, policy: Policy) -> list[tuple[str, str]]:
    """The controls a person sets on a question page, from the policy."""
    if shown.kind == "checkboxes":
        return [("ticked", value) for value in ticks(shown.fields, policy)]
    found = []
    for field in shown.fields:
        value = policy(field)
        number = field in shown.numbers or (
            shown.kind == "question" and 'name="number"' in shown.text
        )
        suffix = f":{field}" if shown.kind == "inputs" else ""
        if number and value != "unknown":
            found.append((f"number{suffix}", value))
        else:
            found.append((f"answer{suffix}", value))
    return found


async def post(http: httpx.AsyncClient, *pairs: tuple[str, str]) -> httpx.Response:
    """Post a form made of these fields, in this order."""
    return await http.post("/intake", content=urlencode(pairs), headers={"content-type": FORM})


@dataclass(frozen=True)
class Conversation:
    """A conversation played to its end: each page of questions, the answers to check, the result."""

    pages: list[Shown]
    check: Shown | None
    result: Shown


async def converse(
    http: httpx.AsyncClient,
    policy: Policy,
    *,
    start: tuple[tuple[str, str], ...] = (),
    limit: int = 40,
) -> Conversation:
    """Start the intake and answer every page, then accept the answers to check."""
    shown = read((await post(http, *start, ("action", "start"))).text)
    pages: list[Shown] = []
    check = None
    for _ in range(limit):
        if shown.kind == "check":
            check = shown
            shown = read((await post(http, *shown.hidden, ("action", "result"))).text)
            continue
        if shown.kind not in ("checkboxes", "inputs", "question"):
            return Conversation(pages, check, shown)
        pages.append(shown)
        items = [("item", field) for field in shown.fields]
        sent = (*shown.hidden, *items, *controls(shown, policy), ("action", "continue"))
        answer = await post(http, *sent)
        assert answer.status_code == 200, answer.text
        shown = read(answer.text)
    raise AssertionError(f"the intake did not end within {limit} pages")
