"""Rendering the HTML pages: one Jinja2 environment (autoescape on) and the pages' own CSP."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from api.middleware.security_headers import PAGE_POLICY

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


def render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """One page, with the pages' Content-Security-Policy.

    Pages link relatively (`static/web.css`, `action="intake"`), so that a reverse proxy may
    serve the service under a path prefix.
    """
    page = environment().get_template(template).render(lang=LANGUAGE, **context)
    return HTMLResponse(
        page, status_code=status_code, headers={"content-security-policy": PAGE_POLICY}
    )
