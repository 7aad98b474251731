"""The docs pages work offline: every asset comes from the service, and nothing else is named."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from tests.api.support import client, make_app

pytestmark = pytest.mark.anyio

BASE = "http://test"


class References(HTMLParser):
    """Every URL a page refers to: src, href and spec-url attributes, and inline script text."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v for k, v in attrs if k in ("src", "href", "spec-url") and v]
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_a_docs_page_refers_only_to_the_service_and_every_asset_answers(page: str) -> None:
    async with client() as http:
        response = await http.get(page)
        assert response.status_code == 200
        found = References()
        found.feed(response.text)
        assert found.urls, "the page loads nothing"
        assert not found.inline_scripts, "an inline script would need 'unsafe-inline'"
        for url in found.urls:
            absolute = urljoin(f"{BASE}{page}", url)
            assert urlsplit(absolute).netloc == "test", f"{page} names {url}"
            asset = await http.get(absolute)
            assert asset.status_code == 200, url
            if absolute.endswith("swagger-init.js"):
                assert "http" not in asset.text  # nothing sent to the public validator
                assert "validatorUrl: null" in asset.text
    assert "http://" not in response.text and "https://" not in response.text


async def test_the_docs_load_swagger_ui_and_redoc_from_the_installed_package() -> None:
    async with client() as http:
        swagger = await http.get("/docs/assets/swagger-ui-bundle.js")
        redoc = await http.get("/docs/assets/redoc.standalone.js")
    assert "SwaggerUIBundle" in swagger.text[:1000]
    assert "Redoc" in redoc.text[:1000]


async def test_docs_off_hides_the_pages_their_assets_and_the_schema() -> None:
    async with client(make_app(docs=False)) as http:
        statuses = {
            path: (await http.get(path)).status_code
            for path in ("/docs", "/redoc", "/docs/assets/swagger-ui.css", "/openapi.json")
        }
    assert set(statuses.values()) == {404}, statuses


async def test_the_schema_can_be_kept_with_the_docs_off() -> None:
    async with client(make_app(docs=False, openapi=True)) as http:
        schema = await http.get("/openapi.json")
        page = await http.get("/docs")
    assert (schema.status_code, page.status_code) == (200, 404)
    assert schema.json()["paths"]["/v1/assessments"]["post"]["operationId"] == "assess"
