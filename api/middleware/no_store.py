"""`Cache-Control: no-store` on every answer."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders

from api.middleware.response_headers import ResponseHeaders


class NoStore(ResponseHeaders):
    """Mark every response `Cache-Control: no-store`: answers and assessments are health data."""

    def edit(self, headers: MutableHeaders) -> None:
        """Add `Cache-Control: no-store` unless the response set its own."""
        headers.setdefault("cache-control", "no-store")
