"""`/docs` (Swagger UI) and `/redoc` (ReDoc), served with no request to anyone but the service.

Their scripts and styles come from the installed `fastapi-offline` package, pinned in
`pyproject.toml`, which bundles Swagger UI and ReDoc: the pages work on a network with no internet
access and tell no third party that they were opened. Neither page has an inline script (Swagger
UI's set-up is `/docs/swagger-init.js`; ReDoc starts itself from its `<redoc>` element), so the
service's Content-Security-Policy can allow scripts from the service alone. Every URL is relative,
so the pages also work behind a reverse proxy that serves the service under a path prefix.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from api.routers import answer_head

ASSETS_PATH = "/docs/assets"
"""Where the bundled Swagger UI and ReDoc files are served."""

ASSETS = Path(str(files("fastapi_offline") / "static"))
"""The folder of the installed package that holds them."""

_HEAD = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="icon" type="image/png" href="docs/assets/favicon.png">
{extra}</head>
"""

SWAGGER_PAGE = (
    _HEAD.format(
        title="PHT triage: API docs",
        extra='<link rel="stylesheet" href="docs/assets/swagger-ui.css">\n',
    )
    + """<body>
<div id="swagger-ui" data-openapi-url="openapi.json"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/swagger-init.js"></script>
</body>
</html>
"""
)

SWAGGER_INIT = """\
"use strict";
// Swagger UI set-up, kept out of the page so that the CSP needs no inline script.
const target = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: target.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  // No schema is sent to the public validator (Swagger UI's default is a third-party URL).
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
"""

REDOC_PAGE = (
    _HEAD.format(title="PHT triage: API reference", extra="")
    + """<body>
<redoc spec-url="openapi.json"></redoc>
<script src="docs/assets/redoc.standalone.js"></script>
</body>
</html>
"""
)

router = APIRouter(include_in_schema=False)


@router.get("/docs")
async def swagger_ui() -> HTMLResponse:
    """The browsable docs, with a form to try each endpoint."""
    return HTMLResponse(SWAGGER_PAGE)


@router.get("/docs/swagger-init.js")
async def swagger_init() -> Response:
    """Swagger UI's set-up script."""
    return Response(SWAGGER_INIT, media_type="text/javascript")


@router.get("/redoc")
async def redoc() -> HTMLResponse:
    """The reference docs, on one page."""
    return HTMLResponse(REDOC_PAGE)


answer_head(router)


def add_docs_pages(app: FastAPI) -> None:
    """Serve both pages and the bundled assets they load."""
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS), name="docs-assets")
    app.include_router(router)
