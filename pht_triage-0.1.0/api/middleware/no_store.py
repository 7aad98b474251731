"""`Cache-Control: no-store` on every answer: answers and assessments are health data."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders


def no_store(headers: MutableHeaders) -> None:
    """Add `Cache-Control: no-store` unless the response set its own."""
    headers.setdefault("cache-control", "no-store")
