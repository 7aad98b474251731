"""Rendering the HTML pages: one Jinja2 environment (autoescape on) and the pages' own CSP.

The templates hold the markup only: every word on a page is looked up by name, `say("name")`, in
`triage/locale/pages.<lang>.json` (through `triage.Texts`), or comes from the code that renders
the page (questions, results, errors: the other locale files). A page word is an HTML fragment
written by the project, shown as written, as Jinja2's own i18n extension shows a translation; the
values filled into its `{field}` places are escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from api.middleware.security_headers import PAGE_POLICY
from triage import Texts

LANGUAGE = "en"
"""The `lang` of every page: the language of the question texts."""


@cache
def environment() -> Environment:
    """The templates in `api/web/templates`, every value escaped, a missing name an error."""
    return Environment(
        loader=PackageLoader("api.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def sayer(language: str) -> Callable[..., Markup]:
    """The templates' `say(name, **fields)` in one language: a page word, its places filled."""
    words = Texts(language).pages()

    def say(name: str, **fields: Any) -> Markup:
        word = Markup(words[name])  # the project's own file, not input
        return word.format(**fields) if fields else word

    return say


def render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """One page, with the pages' Content-Security-Policy.

    Pages link relatively (`static/web.css`, `action="intake"`), so that a reverse proxy may
    serve the service under a path prefix.
    """
    page = (
        environment().get_template(template).render(lang=LANGUAGE, say=sayer(LANGUAGE), **context)
    )
    return HTMLResponse(
        page, status_code=status_code, headers={"content-security-policy": PAGE_POLICY}
    )
