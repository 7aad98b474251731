"""Shutdown's deadline for streams: after SIGTERM, a screening stream is cut before the server is.

uvicorn, on SIGTERM, waits up to `TRIAGE_API_SHUTDOWN_TIMEOUT_S` for responses to finish, then
cancels what is left mid-write: a screening would end mid-row with no word of it. The protocol
(`api.server.protocol`) tells `DRAIN` when shutdown begins; a stream that is still running at
`cut_after()` seconds later stops between chunks and ends with an error row saying how many rows
were written, so it finishes, as a whole response, inside the shutdown setting.
"""

from __future__ import annotations

import asyncio

CUT_MARGIN_S = 1.0
"""How long before the shutdown timeout a stream is cut: time to write its last row and close."""


def cut_after(shutdown_timeout_s: float) -> float:
    """Seconds after shutdown begins at which a stream still running is cut."""
    margin = min(CUT_MARGIN_S, shutdown_timeout_s / 2)
    return max(0.0, shutdown_timeout_s - margin)


class Drain:
    """Whether shutdown has begun, and a wait that ends when running streams must be cut."""

    def __init__(self) -> None:
        self.begun = False
        self.cut = False
        self._waiters: set[asyncio.Future[None]] = set()

    def begin(self, shutdown_timeout_s: float) -> None:
        """Shutdown has begun (on the server's event loop): cut streams at the deadline."""
        if self.begun:
            return
        self.begun = True
        asyncio.get_running_loop().call_later(cut_after(shutdown_timeout_s), self._cut_now)

    def _cut_now(self) -> None:
        self.cut = True
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait(self) -> None:
        """Return when running streams must be cut (never, if the server is not shutting down)."""
        if self.cut:
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await waiter
        finally:
            self._waiters.discard(waiter)


DRAIN = Drain()
"""This worker process's drain: one server, one event loop per worker."""
