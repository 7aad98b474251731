"""uvicorn's httptools protocol, bounded before the app runs: deadlines, sizes and a 503 problem.

- Headers: a timer runs from the connection (and from the end of each request, for the next one on
  the same connection) until the headers are complete; when it fires, a 408 problem and a close.
  Their size (request line and headers, `TRIAGE_API_MAX_HEADER_BYTES`) and count
  (`TRIAGE_API_MAX_HEADERS`) are capped: beyond either, a 431 problem and a close, before anything
  is buffered past the cap or any key is checked. The body has its own deadline, in the app.
- Slow readers: a client that stops reading makes the transport pause writing; if it is still
  paused `TRIAGE_API_SEND_TIMEOUT_S` later, the connection is closed (one INFO line), so that it
  holds no screening process and no buffered answer for longer than that.
- The connection cap (`--limit-concurrency`): uvicorn answers a plain-text 503 from below the app.
  Here the protocol keeps the cap to itself and, over it, runs a small ASGI app that answers a 503
  problem with `Retry-After`. The health checks are answered even over the cap, so that a server
  held by hostile connections still says it is up.
- A request the parser cannot read gets a 400 problem, not uvicorn's plain text.
- Shutdown: when uvicorn asks a connection to shut down, `api.server.drain.DRAIN` is told, so that
  a screening stream still running is cut, with its error row, before the shutdown timeout.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import socket
import struct
from typing import Any

from starlette.types import Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# The app's modules are imported on first use, not here: uvicorn's supervisor unpickles this class
# in each new worker before the worker answers its health check, so this import must stay light.

logger = logging.getLogger("uvicorn.error")

UNCAPPED_PATHS = (b"/healthz", b"/readyz")
"""Paths answered even over the connection cap: the health checks, which are cheap."""


def _settings_of(app_state: dict[str, Any]) -> Any:
    """The settings the app started with; read from the environment only if no lifespan ran."""
    from api.settings import SETTINGS_STATE, Settings

    found = app_state.get(SETTINGS_STATE)
    if found is None:
        found = app_state[SETTINGS_STATE] = Settings()
    return found


@functools.cache
def _raw_problem(status: int, reason: str, detail: str) -> bytes:
    """A whole HTTP/1.1 response carrying a problem, that closes the connection."""
    from api.problems import PROBLEM_MEDIA_TYPE, problem

    body = problem(status, detail).model_dump_json()
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        f"content-type: {PROBLEM_MEDIA_TYPE}\r\n"
        f"content-length: {len(body)}\r\n"
        "cache-control: no-store\r\n"
        "connection: close\r\n\r\n"
    )
    return (head + body).encode("ascii")


def _timed_out_response() -> bytes:
    return _raw_problem(408, "Request Timeout", "The request headers did not arrive in time.")


def _headers_too_large(limits: Any) -> bytes:
    detail = (
        f"The request line and headers are larger than {limits.max_header_bytes} bytes, "
        f"or more than {limits.max_headers} headers."
    )
    return _raw_problem(431, "Request Header Fields Too Large", detail)


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
    """An HTTP/1.1 connection bounded before the app: deadlines, header caps, a 503 problem."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limits = _settings_of(self.app_state)
        self._headers_timer: asyncio.TimerHandle | None = None
        self._send_timer: asyncio.TimerHandle | None = None
        self._in_head = True
        self._head_bytes = 0
        self._header_count = 0
        self._refused = False
        # uvicorn reads `limit_concurrency` only to swap in its plain-text 503; the check is here.
        self._connection_cap, self.limit_concurrency = self.limit_concurrency, None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the headers deadline as soon as the client connects."""
        _timed_out_response()  # built before any deadline can fire
        _headers_too_large(self._limits)
        super().connection_made(transport)
        self._start_headers_timer()

    def data_received(self, data: bytes) -> None:
        """Feed the parser, counting the bytes of a request's head against the cap."""
        if self._refused:
            return
        if not self._in_head:
            super().data_received(data)
            return
        room = self._limits.max_header_bytes - self._head_bytes
        if len(data) <= room:
            self._head_bytes += len(data)
            super().data_received(data)
            return
        self._head_bytes += room
        super().data_received(data[:room])
        if self._refused:
            return
        if self._in_head:
            self._refuse(_headers_too_large(self._limits))
            return
        self.data_received(data[room:])  # the head ended within the cap: the rest is its body

    def on_message_begin(self) -> None:
        """Start the deadline for a later request on the same connection, at its first byte."""
        super().on_message_begin()
        self._start_headers_timer()

    def on_header(self, name: bytes, value: bytes) -> None:
        """Count the headers; past the cap they are dropped and the request refused."""
        self._header_count += 1
        if self._header_count <= self._limits.max_headers:
            super().on_header(name, value)

    def on_headers_complete(self) -> None:
        """Stop the headers deadline; run the app, or a problem when over a cap."""
        self._stop_headers_timer()
        self._in_head = False
        if self._header_count > self._limits.max_headers:
            self._refuse(_headers_too_large(self._limits))
            return
        if not self._over_cap():
            super().on_headers_complete()
            return
        self.logger.warning("Exceeded concurrency limit.")
        app, self.app = self.app, over_capacity
        try:
            super().on_headers_complete()  # starts (or queues) the request with `self.app`
        finally:
            self.app = app

    def on_body(self, body: bytes) -> None:
        """Pass the body on, unless the request was refused."""
        if not self._refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        """The request is read: the next bytes are the head of the next one."""
        if self._refused:
            return
        super().on_message_complete()
        self._in_head = True
        self._head_bytes = 0
        self._header_count = 0

    def _over_cap(self) -> bool:
        """uvicorn's own test: too many connections, or too many requests in progress."""
        cap = self._connection_cap
        if cap is None or self.url.partition(b"?")[0] in UNCAPPED_PATHS:
            return False
        return len(self.connections) >= cap or len(self.tasks) >= cap

    def pause_writing(self) -> None:
        """The client is not reading: close the connection if it still is not in a while."""
        super().pause_writing()
        if self._send_timer is None:
            self._send_timer = self.loop.call_later(
                self._limits.send_timeout_s, self._send_timed_out
            )

    def resume_writing(self) -> None:
        """The client reads again: stop the slow-reader deadline."""
        super().resume_writing()
        self._stop_send_timer()

    def shutdown(self) -> None:
        """Shutdown has begun: streams still running are cut before its timeout."""
        from api.server.drain import DRAIN

        DRAIN.begin(self.config.timeout_graceful_shutdown or 0)
        super().shutdown()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the deadlines of a connection that is gone."""
        self._stop_headers_timer()
        self._stop_send_timer()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        """A request the parser cannot read: a 400 problem (uvicorn's own is plain text)."""
        self._refuse(_raw_problem(400, "Bad Request", "The request is not valid HTTP/1.1."))

    def _refuse(self, response: bytes) -> None:
        self._refused = True
        self._stop_headers_timer()
        if not self.transport.is_closing():
            self.transport.write(response)
            self.transport.close()

    def _start_headers_timer(self) -> None:
        if self._headers_timer is None:
            self._headers_timer = self.loop.call_later(
                self._limits.body_timeout_s, self._headers_timed_out
            )

    def _stop_headers_timer(self) -> None:
        if self._headers_timer is not None:
            self._headers_timer.cancel()
            self._headers_timer = None

    def _stop_send_timer(self) -> None:
        if self._send_timer is not None:
            self._send_timer.cancel()
            self._send_timer = None

    def _headers_timed_out(self) -> None:
        self._headers_timer = None
        self._refuse(_timed_out_response())

    def _send_timed_out(self) -> None:
        self._send_timer = None
        logger.info(
            "Closed a connection whose client read nothing for %g s.", self._limits.send_timeout_s
        )
        # A reset, not a close: the kernel would otherwise go on holding, and trickling to the
        # stalled client, everything already written to the socket.
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()
