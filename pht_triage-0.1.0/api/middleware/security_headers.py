"""Security headers on every response, and no `server` header naming the software."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        # The docs pages load their scripts and styles from the service itself (api/docs.py),
        # never inline scripts; Swagger UI and ReDoc set some styles inline and draw icons
        # as data: images, and ReDoc runs its search in a worker it makes from a blob.
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
"""What a page of the service may load: only its own scripts, styles and schema."""

PAGE_POLICY = "; ".join(
    (
        "default-src 'none'",
        # The intake and screening pages (api/web) have no script at all and no inline style:
        # one stylesheet from the service, and forms that post back to it.
        "style-src 'self'",
        "img-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
"""The tighter policy of the HTML pages, set by their routes and kept by `SecurityHeaders`."""

HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "content-security-policy": CONTENT_SECURITY_POLICY,
}
"""Set on every response."""


def security_headers(headers: MutableHeaders) -> None:
    """Set `HEADERS` on a response, and drop a `server` header if anything set one.

    A route that sets its own Content-Security-Policy (the HTML pages' `PAGE_POLICY`) keeps it.
    uvicorn writes its own `server` header below the app; `triage serve` turns that off.
    """
    for name, value in HEADERS.items():
        if name == "content-security-policy" and name in headers:
            continue
        headers[name] = value
    del headers["server"]
