"""uvicorn's httptools protocol with a deadline for a request's headers, which uvicorn lacks.

uvicorn times out an idle keep-alive connection, but not one that connects and then sends its
headers slowly, or never: such connections would be held for as long as the client likes. Here a
timer runs from the connection (and from the first byte of each later request) until the headers
are complete; when it fires, the connection gets a 408 problem and is closed. The body has its own
deadline, in the app (`api.middleware.body_timeout`), where it can be answered as a problem.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# The app's modules are imported on first use, not here: uvicorn's supervisor unpickles this class
# in each new worker before the worker answers its health check, so this import must stay light.


@functools.cache
def _timeout_s() -> float:
    """The deadline, read once per worker from the settings (`TRIAGE_API_BODY_TIMEOUT_S`)."""
    from api.settings import Settings

    return Settings().body_timeout_s


@functools.cache
def _timed_out_response() -> bytes:
    from api.problems import PROBLEM_MEDIA_TYPE, problem

    body = problem(408, "The request headers did not arrive in time.").model_dump_json()
    head = (
        "HTTP/1.1 408 Request Timeout\r\n"
        f"content-type: {PROBLEM_MEDIA_TYPE}\r\n"
        f"content-length: {len(body)}\r\n"
        "cache-control: no-store\r\n"
        "connection: close\r\n\r\n"
    )
    return (head + body).encode("ascii")


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """An HTTP/1.1 connection that gets a 408 and is closed when request headers are too slow."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._headers_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the headers deadline as soon as the client connects."""
        _timed_out_response()  # built before any deadline can fire
        super().connection_made(transport)
        self._start_headers_timer()

    def on_message_begin(self) -> None:
        """Start the deadline for a later request on the same connection, at its first byte."""
        super().on_message_begin()
        self._start_headers_timer()

    def on_headers_complete(self) -> None:
        """The headers arrived in time: stop the deadline before the app runs."""
        self._stop_headers_timer()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the deadline of a connection that is gone."""
        self._stop_headers_timer()
        super().connection_lost(exc)

    def _start_headers_timer(self) -> None:
        if self._headers_timer is None:
            self._headers_timer = self.loop.call_later(_timeout_s(), self._headers_timed_out)

    def _stop_headers_timer(self) -> None:
        if self._headers_timer is not None:
            self._headers_timer.cancel()
            self._headers_timer = None

    def _headers_timed_out(self) -> None:
        self._headers_timer = None
        if not self.transport.is_closing():
            self.transport.write(_timed_out_response())
            self.transport.close()
