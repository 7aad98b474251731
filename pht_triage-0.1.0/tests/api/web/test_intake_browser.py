"""The intake pages in a real browser against a real `triage serve`: whole conversations through
grouped pages at a phone's width and a desktop's, JavaScript on and off, nothing requested from
anywhere but the service, nothing wider than the window, and axe-core's accessibility check."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.api.support import Served
from tests.api.web.browser import (
    DESKTOP,
    PHONE,
    Played,
    overflow,
    play,
    screenshot,
    serious,
    submit,
    watched,
)
from tests.api.web.player import Policy, answering, scenario, unknowing

pytestmark = pytest.mark.slow


def card(page: Page) -> str:
    """The urgency of the result's care card (its class)."""
    classes = page.locator(".care-card").get_attribute("class") or ""
    return classes.split("care-card--")[-1]


def played(
    browser: Browser, base: str, policy: Policy, javascript: bool, width: int = DESKTOP[0]
) -> tuple[Played, str, str, list[str]]:
    """Play a whole conversation; the result's urgency and text, and any request gone elsewhere."""
    with watched(browser, javascript=javascript, width=width) as context:
        page = context.page()
        result = play(page, base, policy)
        text = page.locator("main").inner_text()
        urgency = card(page)
        if javascript:
            screenshot(page, f"result-{urgency}")
        return result, urgency, text, context.outside(base)


JAVASCRIPT = [pytest.param(True, id="javascript-on"), pytest.param(False, id="javascript-off")]
WIDTHS = [
    pytest.param(True, PHONE[0], id="javascript-on-phone"),
    pytest.param(False, PHONE[0], id="javascript-off-phone"),
    pytest.param(True, DESKTOP[0], id="javascript-on-desktop"),
]


@pytest.mark.parametrize(("javascript", "width"), WIDTHS)
def test_a_typical_runner_ticks_through_grouped_pages_and_gets_a_non_urgent_card(
    browser: Browser, served: Served, javascript: bool, width: int
) -> None:
    wide: list[str] = []

    def note(page: Page, kind: str) -> None:
        if javascript and overflow(page):
            wide.append(f"{kind}: {overflow(page)} px")

    with watched(browser, javascript=javascript, width=width) as context:
        page = context.page()
        result = play(page, served.base, answering(scenario("typical_runner")), visit=note)
        text = page.locator("main").inner_text()
        assert card(page) == "non-urgent"
        assert context.outside(served.base) == []
    assert result.checked
    assert result.pages[0][0] == "answers.saddle_numbness" and len(result.pages[0]) == 4
    assert 6 <= len(result.pages) <= 12
    assert "physiotherapist" in text
    assert wide == []


@pytest.mark.parametrize("javascript", JAVASCRIPT)
def test_an_emergency_shows_the_emergency_card_at_once_and_ends_without_checking(
    browser: Browser, served: Served, javascript: bool
) -> None:
    """Saddle numbness ticked: the next page leads with the emergency card; at most the one
    question that decides whether to call an ambulance follows, then the result, no answers to check."""
    cards: list[str] = []

    def note(page: Page, kind: str) -> None:
        cards.append(card(page) if page.locator(".care-card").count() else "")

    with watched(browser, javascript=javascript) as context:
        page = context.page()
        result = play(page, served.base, answering(scenario("cauda_equina")), visit=note)
        text = page.locator("main").inner_text()
        urgency = card(page)
        outside = context.outside(served.base)
    assert result.asked[0] == "answers.saddle_numbness"
    assert cards[0] == "" and cards[1] == "emergency"
    assert len(result.pages) <= 2
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
    assert len(result.pages) <= 12
    assert result.checked
    assert urgency != "emergency"
    assert "Some warning signs could not be checked" in text
    assert outside == []


CLINICIAN = "intake?audience=clinician"
"""The start page of a clinician's conversation (examination tests asked last)."""


@pytest.mark.parametrize("width", [PHONE[0], DESKTOP[0]], ids=["phone", "desktop"])
def test_every_kind_of_page_passes_axe_with_no_serious_or_critical_violation(
    browser: Browser, served: Served, width: int
) -> None:
    """A list with an error, then an urgent case (an acute avulsion) played through, axe run on
    each kind of page; then an emergency's question page, and a clinician's examination tests."""
    found: dict[str, list[str]] = {}
    suffix = "phone" if width == PHONE[0] else "desktop"

    def check(page: Page, kind: str) -> None:
        if kind not in found:
            found[kind] = serious(page)
            screenshot(page, f"{kind}-{suffix}")

    with watched(browser, javascript=True, width=width) as context:
        page = context.page()
        page.goto(f"{served.base}/intake")
        found["start"] = serious(page)
        submit(page, "Start now")
        page.locator("#tick-none").check()
        page.locator("#tick-1").check()
        submit(page, "Continue")
        assert page.get_by_text("There is a problem").is_visible()
        found["list with an error"] = serious(page)
        result = play(page, served.base, answering(scenario("acute_adult_avulsion")), visit=check)
        assert result.checked
        assert card(page) == "urgent"
        found["result"] = serious(page)
        page.emulate_media(media="print")
        assert page.locator(".no-print").first.is_hidden()  # the print CSS applies
        page.emulate_media(media="screen")
        play(page, served.base, answering(scenario("cauda_equina")), visit=check)

        def examination(page: Page, kind: str) -> None:
            if page.locator("input[name='answer:answers.puranen_orava_test']").count():
                found["examination"] = serious(page)
                screenshot(page, f"examination-{suffix}")

        clinician = play(page, served.base, unknowing, visit=examination, start=CLINICIAN)
        assert "answers.puranen_orava_test" in clinician.asked
        assert context.outside(served.base) == []
        assert context.blocked() == []
    kinds = {"start", "list with an error", "checkboxes", "inputs", "question", "check", "result"}
    kinds.add("examination")
    assert set(found) == kinds
    assert found == {kind: [] for kind in found}


BEFORE_GROUPS = 7271
"""The answers to check of the typical runner on a phone before grouped pages: 41 rows, in px."""


def test_the_answers_to_check_fit_a_phone_and_change_reopens_a_group_filled_in(
    browser: Browser, served: Served
) -> None:
    """The typical runner at a phone's width: one row per group; Change opens a group's page with
    its boxes ticked, and Continue leads back to the answers to check."""
    measured: dict[str, int] = {}

    def measure(page: Page, kind: str) -> None:
        if kind == "check" and not measured:
            measured["height"] = page.evaluate("document.documentElement.scrollHeight")
            measured["rows"] = page.locator(".summary-list__row").count()
            measured["wide"] = overflow(page)
            screenshot(page, "check-phone")
            page.get_by_role(
                "button", name="Change your answers about: What brings the pain on"
            ).click()
            page.wait_for_load_state("domcontentloaded")
            assert page.locator("#tick-1").is_checked()  # sitting, as the runner answered
            assert not page.locator("#tick-none").is_checked()
            submit(page, "Continue")  # the same answers: back to the answers to check
            page.wait_for_load_state("domcontentloaded")
            assert page.locator(".summary-list__row").count() == measured["rows"]

    with watched(browser, javascript=True, width=PHONE[0]) as context:
        page = context.page()
        result = play(page, served.base, answering(scenario("typical_runner")), visit=measure)
        assert context.outside(served.base) == []
    print(f"check your answers at {PHONE[0]}x{PHONE[1]}: {measured} (before: 41 rows, 7,271 px)")
    assert result.checked
    assert measured["rows"] == len(result.pages) and measured["wide"] == 0
    assert measured["height"] < BEFORE_GROUPS / 2
