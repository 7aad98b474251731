"""NLM's LHC-Forms (the `lforms` package from the npm registry, `make lforms`) in Debian's chromium:
a page that renders a FHIR Questionnaire, answers it as a person clicks, and hands back the
QuestionnaireResponse LHC-Forms builds. The page is served by Playwright from the package's built
files under a name of its own (`http://lforms.test/`), so it makes no request to the network."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route

ROOT = Path(__file__).resolve().parents[3]
LFORMS_VERSION = "40.1.3"
DIST = ROOT / ".lforms" / f"lforms-{LFORMS_VERSION}" / "dist" / "lforms"
"""Where `make lforms` unpacks the package's built files (git-ignored)."""

ORIGIN = "http://lforms.test"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="stylesheet" href="/lforms/webcomponent/styles.css"></head>
<body><main id="form"></main>
<script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="/lforms/webcomponent/lhc-forms.js"></script>
<script src="/lforms/fhir/R4/lformsFHIR.min.js"></script>
</body></html>"""


def lforms_or_skip() -> None:
    """Skip when LHC-Forms is not unpacked (run `make lforms`)."""
    if not (DIST / "webcomponent" / "lhc-forms.js").is_file():
        pytest.skip(f"LHC-Forms {LFORMS_VERSION} is not installed: run `make lforms`")


def _serve(route: Route) -> None:
    path = route.request.url.removeprefix(ORIGIN).split("?", 1)[0]
    if path == "/":
        route.fulfill(body=PAGE, content_type="text/html")
        return
    found = DIST / path.removeprefix("/lforms/")
    if path.startswith("/lforms/") and found.is_file():
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        route.fulfill(path=str(found), content_type=kind)
        return
    route.abort()


@contextmanager
def lforms_page(browser: Browser) -> Iterator[Page]:
    """A page with LHC-Forms loaded; a page error fails the test."""
    lforms_or_skip()
    context = browser.new_context()
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", _serve)
    try:
        page.goto(f"{ORIGIN}/")
        page.wait_for_function("() => window.LForms && LForms.Util && LForms.Util.addFormToPage")
        yield page
        assert errors == [], errors
    finally:
        context.close()


def render(
    page: Page, questionnaire: Mapping[str, Any], response: Mapping[str, Any] | None = None
) -> None:
    """Show a Questionnaire in LHC-Forms, with a response's answers merged in when given."""
    page.evaluate(
        """([questionnaire, response]) => {
            let form = LForms.Util.convertFHIRQuestionnaireToLForms(questionnaire, 'R4');
            if (response) {
                form = LForms.Util.mergeFHIRDataIntoLForms(
                    'QuestionnaireResponse', response, form, 'R4');
            }
            document.getElementById('form').innerHTML = '';
            LForms.Util.addFormToPage(form, 'form');
        }""",
        [dict(questionnaire), dict(response) if response is not None else None],
    )
    page.wait_for_selector("lhc-item")


def shown(page: Page, link_id: str) -> bool:
    """Whether LHC-Forms shows the item (its answer field is on the page)."""
    return page.locator(f"[name^='radiogroup_{link_id}/'], input[id^='{link_id}/']").count() > 0


def choose(page: Page, link_id: str, index: int) -> None:
    """Click the radio button of an item's answer, by its position in `answerOption`."""
    group = f"label.ant-radio-wrapper:has(input[name^='radiogroup_{link_id}/'])"
    page.locator(group).nth(index).click()


def type_number(page: Page, link_id: str, value: float) -> None:
    """Type a number into an item's field, and leave the field."""
    field = page.locator(f"input[id^='{link_id}/']").first
    field.fill(str(value))
    field.press("Tab")


def response_of(page: Page) -> dict[str, Any]:
    """The QuestionnaireResponse LHC-Forms builds from what is on the page."""
    found: dict[str, Any] = page.evaluate(
        "() => LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', '#form')"
    )
    return found
