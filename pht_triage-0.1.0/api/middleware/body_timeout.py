"""A deadline for a request's body: a client that sends it too slowly gets a 408 problem."""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import BodyTimedOut


class BodyTimeout:
    """Refuse a request whose body has not all arrived within `timeout_s` seconds of its headers.

    Reading past the deadline raises `BodyTimedOut`, which the app's error handlers turn into a
    408 problem that closes the connection. Once the body is complete, `receive` is left as it
    is, so that waiting for a disconnect is not cut short.
    """

    def __init__(self, app: ASGIApp, timeout_s: float) -> None:
        self.app = app
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        complete = False

        async def timed() -> Message:
            nonlocal complete
            if complete:
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise BodyTimedOut(self.timeout_s) from None
            complete = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        await self.app(scope, timed, send)
