"""uvicorn's httptools protocol with a deadline for a request's headers, and a 503 problem.

uvicorn times out an idle keep-alive connection, but not one that connects and then sends its
headers slowly, or never: such connections would be held for as long as the client likes. Here a
timer runs from the connection (and from the first byte of each later request) until the headers
are complete; when it fires, the connection gets a 408 problem and is closed. The body has its own
deadline, in the app (`api.middleware.body_timeout`), where it can be answered as a problem.

Beyond the connection cap (`--limit-concurrency`) uvicorn answers a plain-text 503 from below the
app. Here the protocol keeps the cap to itself (uvicorn's own check then never fires) and, over it,
runs a small ASGI app that answers a 503 problem with `Retry-After`, in the service's one shape.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from starlette.types import Receive, Scope, Send
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


RETRY_AFTER_S = 1
"""What a 503 over the connection cap asks the client to wait: a slot frees when any request ends."""


async def over_capacity(scope: Scope, receive: Receive, send: Send) -> None:
    """Answer a request beyond the worker's connection cap with a 503 problem, and close."""
    from api.middleware.security_headers import HEADERS
    from api.problems import problem, problem_response

    detail = "The service is at its limit of connections; try again shortly."
    found = problem(503, detail, instance=scope["path"])
    headers = {
        **HEADERS,
        "retry-after": str(RETRY_AFTER_S),
        "cache-control": "no-store",
        "connection": "close",
    }
    await problem_response(found, headers)(scope, receive, send)


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """An HTTP/1.1 connection: a 408 when its headers are too slow, a 503 problem over the cap."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._headers_timer: asyncio.TimerHandle | None = None
        # uvicorn reads `limit_concurrency` only to swap in its plain-text 503; the check is here.
        self._connection_cap, self.limit_concurrency = self.limit_concurrency, None

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
        """Stop the headers deadline; run the app, or the 503 problem when over the cap."""
        self._stop_headers_timer()
        if not self._over_cap():
            super().on_headers_complete()
            return
        self.logger.warning("Exceeded concurrency limit.")
        app, self.app = self.app, over_capacity
        try:
            super().on_headers_complete()  # starts (or queues) the request with `self.app`
        finally:
            self.app = app

    def _over_cap(self) -> bool:
        """uvicorn's own test: too many connections, or too many requests in progress."""
        cap = self._connection_cap
        return cap is not None and (len(self.connections) >= cap or len(self.tasks) >= cap)

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
