"""The description step in a real browser at a phone's width with JavaScript off: describe, confirm
what was understood (one answer unticked), and reach the first question; every page as received
passes axe-core and fits the window."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.api.support import Served
from tests.api.web.browser import PHONE, overflow, serious, watched

pytestmark = pytest.mark.slow

TEXT = (
    "I'm 42. Pain at my sit bone for two months, worse when sitting, 6/10. "
    "No numbness around my groin."
)


def press(page: Page, value: str) -> None:
    """Press the form's button with this value and wait for the next page to arrive."""
    with page.expect_navigation(wait_until="commit"):
        page.locator(f"main button[value={value}]").click()
    page.wait_for_load_state("domcontentloaded")


def test_a_patient_describes_confirms_and_reaches_the_first_question_with_javascript_off(
    browser: Browser, served: Served
) -> None:
    shown: dict[str, str] = {}
    with watched(browser, javascript=False, width=PHONE[0]) as context:
        page = context.page()
        page.goto(f"{served.base}/intake")
        press(page, "describe")
        page.get_by_label("Describe the problem in your own words").fill(TEXT)
        shown["describe"] = page.content()
        press(page, "read")
        boxes = page.locator("input[name=keep]")
        kept = [boxes.nth(n).get_attribute("value") for n in range(boxes.count())]
        assert "age=42" in kept and "answers.sitting_pain=yes" in kept
        assert not any("saddle_numbness" in (value or "") for value in kept)
        assert all(boxes.nth(n).is_checked() for n in range(boxes.count()))
        shown["confirm"] = page.content()
        page.get_by_label("Age: 42 years").uncheck()
        press(page, "keep")
        asked = page.locator("input[name=item]")
        fields = [asked.nth(n).get_attribute("value") for n in range(asked.count())]
        carried = page.locator("main form:not(.back-form) input[type=hidden]")
        names = [carried.nth(n).get_attribute("name") for n in range(carried.count())]
        shown["first question"] = page.content()
        assert context.outside(served.base) == []
    assert fields[0] == "answers.saddle_numbness"
    assert "answers.sitting_pain" in names and "age" not in names
    checked = {name: audited(browser, served.base, text) for name, text in shown.items()}
    assert checked == {name: ([], 0) for name in shown}


def audited(browser: Browser, base: str, text: str) -> tuple[list[str], int]:
    """axe-core's serious violations and the overflow of a page as the browser received it.

    Playwright runs no script in a context with JavaScript off (its evaluate waits for ever), so
    the very HTML received there is served again, at the service's address so that its stylesheet
    loads, to a context at the same width with JavaScript on.
    """
    with watched(browser, javascript=True, width=PHONE[0]) as context:
        page = context.page()
        address = f"{base}/intake-as-received"
        page.route(address, lambda route: route.fulfill(body=text, content_type="text/html"))
        page.goto(address)
        return serious(page), overflow(page)
