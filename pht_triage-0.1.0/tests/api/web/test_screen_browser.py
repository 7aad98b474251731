"""The screening page in a real browser: upload, the table, the download, axe-core's check."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser

from benchmarks.intakes import distinct, full_intake, table_rows
from tests.api.support import Served
from tests.api.web.browser import PHONE, overflow, screenshot, serious, watched
from tests.api.web.test_screen import FORMS

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript-on", "javascript-off"])
def test_a_physiotherapist_uploads_forms_sees_the_urgent_ones_first_and_downloads_the_csv(
    browser: Browser, served: Served, javascript: bool
) -> None:
    with watched(browser, javascript=javascript) as context:
        page = context.page()
        page.goto(f"{served.base}/screen")
        if javascript:
            assert serious(page) == []
        page.get_by_label("CSV file of intake forms").set_input_files(str(FORMS))
        page.get_by_label("Other columns to carry to the results (optional)").fill("notes")
        page.get_by_role("button", name="Screen the forms").click()
        first = page.locator("tbody tr").first
        assert (first.get_attribute("class") or "") in ("row--emergency", "row--urgent")
        if javascript:
            assert serious(page) == []
            screenshot(page, "screening-table")
        page.get_by_label("CSV file to download the results of").set_input_files(str(FORMS))
        with page.expect_download() as arriving:
            page.get_by_role("button", name="Download the results (CSV)").click()
        saved = arriving.value.path().read_text(encoding="utf-8")
        assert context.outside(served.base) == []
        assert context.blocked() == []
    route = httpx.post(
        f"{served.base}/v1/screenings?keep=notes",
        content=FORMS.read_bytes(),
        headers={"content-type": "text/csv"},
    )
    assert saved == route.text


def test_on_a_phone_each_result_is_a_card_and_nothing_is_wider_than_the_screen(
    browser: Browser, served: Served
) -> None:
    with watched(browser, javascript=True, width=PHONE[0]) as context:
        page = context.page()
        page.goto(f"{served.base}/screen")
        page.get_by_label("CSV file of intake forms").set_input_files(str(FORMS))
        page.get_by_label("Other columns to carry to the results (optional)").fill("notes")
        page.get_by_role("button", name="Screen the forms").click()
        first = page.locator("tbody tr").first
        cells = first.locator("td")
        boxes = [cells.nth(n).bounding_box() for n in range(cells.count())]
        shown = [box for box in boxes if box is not None]
        wide = overflow(page)
        found = serious(page)
        screenshot(page, "screening-table-phone")
        assert context.outside(served.base) == []
    assert wide == 0
    assert len({round(box["x"]) for box in shown}) == 1  # stacked, one under another
    assert all(box["width"] <= PHONE[0] for box in shown)
    assert found == []


LARGE_ROWS = 20_000
"""About 2.8 MB of forms: far past the 1 MB form field the download once travelled in."""


def test_the_form_page_downloads_the_results_of_20000_rows_streamed(
    browser: Browser, served: Served, tmp_path: Path
) -> None:
    forms = tmp_path / "large.csv"
    header, *rows = table_rows(distinct(full_intake, 300, seed=18))
    with forms.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows([f"L{n + 1}", *rows[n % len(rows)][1:]] for n in range(LARGE_ROWS))
    with watched(browser, javascript=False) as context:
        page = context.page()
        page.goto(f"{served.base}/screen")
        page.get_by_label("CSV file of intake forms").set_input_files(str(forms))
        with page.expect_download(timeout=120_000) as arriving:
            page.get_by_role("button", name="Download the results (CSV)").click()
        download = arriving.value
        assert download.failure() is None
        saved = download.path().read_text(encoding="utf-8")
        assert download.suggested_filename == "screening-results.csv"
    written = list(csv.reader(io.StringIO(saved)))
    assert [row[0] for row in written[1:]] == [f"L{n + 1}" for n in range(LARGE_ROWS)]
    assert all(row[1] for row in written[1:]), "every row assessed"
