"""The documentation site builds strictly (a broken link, anchor or page left out of the nav
fails) and, once built, asks nothing of any other host: no script, style, font or image from the
internet."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT

pytestmark = pytest.mark.slow

EXTERNAL_ASSET = re.compile(
    r"<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc=[\"']?(?:https?:)?//"
    r"|<link\b[^>]*\bhref=[\"']?(?:https?:)?//"
    r"|@import\s+(?:url\()?[\"']?(?:https?:)?//"
    r"|url\([\"']?(?:https?:)?//",
    re.IGNORECASE,
)
"""What makes a browser fetch from another host: a script, image or frame source, a stylesheet
or icon link, a CSS import or url(). Links a reader may follow are not fetched."""

PAGES = (
    "index.html",
    "tutorials/first-assessment/index.html",
    "guides/chatbot-interview/index.html",
    "tutorials/screening/index.html",
    "free-text/index.html",
    "how-to/deploy/index.html",
    "how-to/replicas/index.html",
    "guides/mcp/index.html",
    "how-to/ehr/index.html",
    "how-to/add-a-rule/index.html",
    "how-to/validate/index.html",
    "reference/cli/index.html",
    "reference/settings/index.html",
    "reference/rest-api/index.html",
    "reference/openapi.json",
    "reference/vocabulary/index.html",
    "fhir-conformance/index.html",
    "contract/index.html",
    "rule-base/index.html",
    "explanation/how-it-reasons/index.html",
    "clinical-facts/index.html",
    "explanation/validation/index.html",
    "explanation/performance/index.html",
    "explanation/security-privacy/index.html",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built as `make docs` builds it, into a folder of its own."""
    folder = tmp_path_factory.mktemp("site")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    built = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(folder)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    return folder


def test_the_site_builds_strictly_with_every_kind_of_page(site: Path) -> None:
    assert [page for page in PAGES if not (site / page).is_file()] == []


def test_no_built_file_fetches_anything_from_another_host(site: Path) -> None:
    fetching = []
    for path in site.rglob("*"):
        if path.suffix in {".html", ".css", ".js"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            fetching += [
                f"{path.relative_to(site)}: {m[:80]}" for m in EXTERNAL_ASSET.findall(text)
            ]
    assert fetching == []


def test_the_offline_check_would_see_a_web_font_or_a_script_from_a_cdn() -> None:
    assert EXTERNAL_ASSET.search('<link rel="stylesheet" href="https://fonts.googleapis.com/css">')
    assert EXTERNAL_ASSET.search('<script src="https://cdn.example/x.js"></script>')
    assert EXTERNAL_ASSET.search("body { background: url(//cdn.example/a.png) }")
    assert not EXTERNAL_ASSET.search('<a href="https://pubmed.ncbi.nlm.nih.gov/1/">a paper</a>')
