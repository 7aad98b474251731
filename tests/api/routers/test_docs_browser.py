"""`/docs` (Swagger UI) and `/redoc` (ReDoc) in a real browser: they render under the service's
Content-Security-Policy, with no violation reported and nothing fetched from another host."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.api.support import Served
from tests.api.web.browser import watched

pytestmark = pytest.mark.slow


def test_swagger_ui_shows_the_operations_with_no_csp_violation(
    browser: Browser, served: Served
) -> None:
    with watched(browser, javascript=True) as context:
        page = context.page()
        page.goto(f"{served.base}/docs")
        operation = page.locator(".opblock-summary-path", has_text="/v1/assessments").first
        operation.wait_for()
        assert page.locator(".opblock").count() >= 7
        assert context.blocked() == []
        assert context.outside(served.base) == []


REDOC_ATTRIBUTION = "https://cdn.redoc.ly/redoc/logo-mini.svg"
"""The logo of ReDoc's "API docs by Redocly" link, which the bundle always loads from its CDN.

ReDoc has no option to leave it out; the policy blocks it on purpose (allowing it would tell a
third party that the docs were opened), so it is the one violation the page may report.
"""


def test_redoc_renders_with_no_csp_violation_but_its_blocked_attribution_logo(
    browser: Browser, served: Served
) -> None:
    with watched(browser, javascript=True) as context:
        page = context.page()
        page.goto(f"{served.base}/redoc")
        page.get_by_role("heading", name="PHT triage").first.wait_for()
        operation = page.locator("h2", has_text="The next question of a chatbot interview")
        operation.first.wait_for()
        assert [text for text in context.blocked() if REDOC_ATTRIBUTION not in text] == []
        assert set(context.outside(served.base)) <= {REDOC_ATTRIBUTION}
        assert set(context.outside(served.base)) <= set(context.failed)  # blocked, never sent
