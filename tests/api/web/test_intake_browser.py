"""The intake page in a real browser against a real `triage serve`: whole interviews, JavaScript
on and off, nothing requested from anywhere but the service, and axe-core's accessibility check."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.api.support import Served
from tests.api.web.browser import (
    Played,
    Policy,
    answering,
    play,
    scenario,
    screenshot,
    serious,
    unknowing,
    watched,
)

pytestmark = pytest.mark.slow


def card(page: Page) -> str:
    """The urgency of the result's care card (its class)."""
    classes = page.locator(".care-card").get_attribute("class") or ""
    return classes.split("care-card--")[-1]


def played(
    browser: Browser, base: str, policy: Policy, javascript: bool
) -> tuple[Played, str, str, list[str]]:
    """Play a whole interview; the result's urgency and text, and any request gone elsewhere."""
    with watched(browser, javascript=javascript) as context:
        page = context.page()
        result = play(page, base, policy)
        text = page.locator("main").inner_text()
        urgency = card(page)
        if javascript:
            screenshot(page, f"result-{urgency}")
        return result, urgency, text, context.outside(base)


JAVASCRIPT = [pytest.param(True, id="javascript-on"), pytest.param(False, id="javascript-off")]


@pytest.mark.parametrize("javascript", JAVASCRIPT)
def test_a_typical_runner_checks_the_answers_and_gets_a_non_urgent_card(
    browser: Browser, served: Served, javascript: bool
) -> None:
    result, urgency, text, outside = played(
        browser, served.base, answering(scenario("typical_runner")), javascript
    )
    assert result.checked
    assert result.asked[0] == "answers.saddle_numbness"
    assert urgency == "non-urgent"
    assert "physiotherapist" in text
    assert outside == []


@pytest.mark.parametrize("javascript", JAVASCRIPT)
def test_an_emergency_shows_the_emergency_card_at_once_and_ends_without_checking(
    browser: Browser, served: Served, javascript: bool
) -> None:
    """Saddle numbness: the next page leads with the emergency card; at most the one question
    that decides whether to call an ambulance follows, then the result, with no answers to check."""
    cards: list[str] = []

    def note(page: Page, kind: str) -> None:
        cards.append(card(page) if page.locator(".care-card").count() else "")

    with watched(browser, javascript=javascript) as context:
        page = context.page()
        result = play(page, served.base, answering(scenario("cauda_equina")), visit=note)
        text = page.locator("main").inner_text()
        urgency = card(page)
        if javascript:
            screenshot(page, f"result-{urgency}")
        outside = context.outside(served.base)
    assert result.asked[0] == "answers.saddle_numbness"
    assert cards[0] == "" and cards[1] == "emergency"
    assert len(result.asked) <= 2
    assert not result.checked
    assert urgency == "emergency"
    assert "Warning signs found" in text
    assert outside == []


@pytest.mark.parametrize("javascript", JAVASCRIPT)
def test_answering_i_dont_know_to_everything_ends_with_the_incomplete_screen_advice(
    browser: Browser, served: Served, javascript: bool
) -> None:
    result, urgency, text, outside = played(browser, served.base, unknowing, javascript)
    repeats = [name for name in result.asked if name.startswith("second_answers.")]
    assert repeats, "a warning sign answered unknown is asked once more"
    assert len(result.asked) == len(set(result.asked))
    assert result.checked
    assert urgency != "emergency"
    assert "Some warning signs could not be checked" in text
    assert outside == []


def test_every_kind_of_page_passes_axe_with_no_serious_or_critical_violation(
    browser: Browser, served: Served
) -> None:
    """An urgent case (an acute avulsion) played through, axe run on each kind of page."""
    found: dict[str, list[str]] = {}

    def check(page: Page, kind: str) -> None:
        if kind not in found:
            found[kind] = serious(page)
            if kind == "question":
                screenshot(page, "question")

    with watched(browser, javascript=True) as context:
        page = context.page()
        page.goto(f"{served.base}/intake")
        found["start"] = serious(page)
        page.get_by_role("button", name="Start now").click()
        page.get_by_role("button", name="Continue").click()  # no answer chosen
        assert page.get_by_text("There is a problem").is_visible()
        found["question with an error"] = serious(page)
        result = play(page, served.base, answering(scenario("acute_adult_avulsion")), visit=check)
        assert result.checked
        assert card(page) == "urgent"
        screenshot(page, "result-urgent")
        page.emulate_media(media="print")
        assert page.locator(".no-print").first.is_hidden()  # the print CSS applies
        assert context.outside(served.base) == []
        assert context.blocked() == []
    assert set(found) == {"start", "question with an error", "question", "check", "result"}
    assert found == {kind: [] for kind in found}
