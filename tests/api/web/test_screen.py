"""The screening page in-process: the upload, the order of the table, the download, the key."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest

from api.keys import new_key
from api.middleware.security_headers import PAGE_POLICY
from tests.api.support import client, make_app
from tests.api.test_keys import keys_file
from tests.paths import ROOT

pytestmark = pytest.mark.anyio

FORMS = ROOT / "examples" / "clinic-forms.csv"


async def test_the_upload_form_has_a_labelled_file_field_and_no_key_field_without_keys() -> None:
    async with client() as http:
        page = await http.get("/screen")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == PAGE_POLICY
    assert '<label class="label" for="forms">' in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert 'name="key"' not in page.text


async def test_red_flags_and_urgent_levels_come_first_and_the_download_is_the_routes_csv() -> None:
    body = FORMS.read_bytes()
    async with client() as http:
        page = await http.post(
            "/screen", files={"forms": ("forms.csv", body, "text/csv")}, data={"keep": "notes"}
        )
        route = await http.post(
            "/v1/screenings?keep=notes", content=body, headers={"content-type": "text/csv"}
        )
        kept = re.search(r'name="keep" value="([^"]*)"', page.text)
        assert kept is not None
        download = await http.post(
            "/screen/results.csv",
            files={"forms": ("forms.csv", body, "text/csv")},
            data={"keep": html.unescape(kept.group(1))},
        )
    assert page.status_code == 200, page.text
    marks = re.findall(r'<tr class="row--([a-z-]+)">', page.text)
    rank = {"emergency": 0, "urgent": 1, "error": 2, "other": 3}
    assert marks == sorted(marks, key=rank.__getitem__)
    assert marks[0] in ("emergency", "urgent")
    assert download.text == route.text
    assert download.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert len(rows) == len(marks)


async def test_with_keys_set_the_page_asks_for_a_key_and_refuses_a_wrong_one(
    tmp_path: Path,
) -> None:
    key = new_key()
    app = make_app(keys_file=keys_file(tmp_path, key))
    body = FORMS.read_bytes()
    files = {"forms": ("forms.csv", body, "text/csv")}
    async with client(app) as http:
        form = await http.get("/screen")
        wrong = await http.post("/screen", files=files, data={"keep": "notes", "key": "nope"})
        right = await http.post("/screen", files=files, data={"keep": "notes", "key": key})
        intake = await http.get("/intake")
    assert 'name="key" type="password"' in form.text
    assert wrong.status_code == 401 and "The API key is not valid" in wrong.text
    assert right.status_code == 200 and "row--" in right.text
    assert intake.status_code == 401  # the intake page sits behind the API's own key check


async def test_a_column_that_is_not_a_question_is_a_422_naming_it() -> None:
    async with client() as http:
        page = await http.post(
            "/screen", files={"forms": ("f.csv", FORMS.read_bytes(), "text/csv")}
        )
    assert page.status_code == 422
    assert "notes" in page.text


async def test_the_table_shows_warning_signs_in_words_and_the_download_keeps_the_ids() -> None:
    async with client() as http:
        page = await http.post(
            "/screen",
            files={"forms": ("forms.csv", FORMS.read_bytes(), "text/csv")},
            data={"keep": "notes"},
        )
        download = await http.post(
            "/screen/results.csv",
            files={"forms": ("forms.csv", FORMS.read_bytes(), "text/csv")},
            data={"keep": "notes"},
        )
    table = page.text[page.text.index("<table") : page.text.index("</table>")]
    assert "numbness around the genitals, inner thighs or back passage" in table
    assert "pain at night that does not ease; unexplained weight loss" in table
    assert "saddle_numbness" not in table and "night_pain" not in table
    assert '<th scope="col">Red flags</th>' in table
    assert '<td data-label="Red flags">' in table
    assert "saddle_numbness" in download.text  # the result to download keeps the ids
