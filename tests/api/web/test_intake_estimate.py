"""The start page's time estimate, measured: every case of the project played through the pages.

Each of the project's cases (scenarios and vignettes) is a person who answers the intake's pages
from their intake (`tests.api.web.player`), and one more answers "I don't know" to everything. A
conversation's pages are its pages of questions (not the answers to check nor the result). Its
time is reading every word of every page it shows, the answers to check included, at 238 words a
minute (the mean silent reading rate of English non-fiction in Brysbaert's 2019 meta-analysis,
J Mem Lang 109:104047), plus `SECONDS_AN_ANSWER` for each box ticked, number typed or choice made,
and `SECONDS_A_PAGE` to press a button and see the next page. Both are our own estimates, on the
slow side. The start page's ranges must hold for at least `SHARE` of the conversations (an
emergency stops sooner), their upper ends for every one, "I don't know" to everything included.
Run with `-s` to see the figures.
"""

from __future__ import annotations

import html
import math
import re
import statistics
from collections import Counter

import pytest

from api.web.intake import MINUTES, PAGES
from tests.api.support import client
from tests.api.web.player import Conversation, Shown, answering, controls, converse, unknowing
from tests.paths import ROOT
from triage.devtools.cases import load_cases

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

WORDS_A_MINUTE = 238
SECONDS_AN_ANSWER = 3.0
SECONDS_A_PAGE = 4.0
SHARE = 0.85
"""The share of the conversations the start page's ranges hold for ("usually")."""


def words(page: Shown) -> int:
    """The words a person reads on a page: its main part, without the markup."""
    main = page.text[page.text.index("<main") : page.text.index("</main>")]
    text = html.unescape(re.sub(r"<[^>]+>", " ", main))
    return len(text.split())


def minutes(conversation: Conversation) -> float:
    """How long a conversation takes a person to read and answer."""
    shown = [*conversation.pages, *([conversation.check] if conversation.check else [])]
    reading = sum(words(page) for page in shown) / WORDS_A_MINUTE * 60
    answers = sum(len(controls(page, answering({}))) for page in conversation.pages)
    return (reading + answers * SECONDS_AN_ANSWER + len(shown) * SECONDS_A_PAGE) / 60


async def test_the_start_page_says_how_many_pages_and_minutes_most_conversations_take() -> None:
    cases = load_cases(ROOT / "tests" / "cases" / "scenarios")
    cases += load_cases(ROOT / "tests" / "cases" / "vignettes")
    async with client() as http:
        played = [
            await converse(
                http, answering(case.intake.model_dump(exclude_unset=True, warnings=False))
            )
            for case in cases
        ]
        unknown = await converse(http, unknowing)
        start = (await http.get("/intake")).text
    pages = [len(c.pages) for c in played]
    times = [minutes(c) for c in played]
    print(f"\n{len(played)} cases: pages mean {statistics.mean(pages):.1f}, max {max(pages)}")
    print("  pages (pages: cases):", dict(sorted(Counter(pages).items())))
    print(f"  minutes: mean {statistics.mean(times):.1f}, max {max(times):.1f}")
    print(
        "  minutes (rounded up: cases):", dict(sorted(Counter(math.ceil(t) for t in times).items()))
    )
    print(
        f'  "I don\'t know" to everything: {len(unknown.pages)} pages, {minutes(unknown):.1f} minutes'
    )
    within = [
        c
        for c, t in zip(played, times, strict=True)
        if PAGES[0] <= len(c.pages) <= PAGES[1] and MINUTES[0] <= t <= MINUTES[1]
    ]
    assert len(within) >= SHARE * len(played)
    assert max(pages) <= PAGES[1] and max(times) <= MINUTES[1]
    assert len(unknown.pages) <= PAGES[1] and minutes(unknown) <= MINUTES[1]
    said = f"{PAGES[0]} to {PAGES[1]} short pages, about {MINUTES[0]} to {MINUTES[1]} minutes"
    assert said in start
