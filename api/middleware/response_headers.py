"""The shape every header-stamping middleware shares: edit each response's headers as it starts."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ResponseHeaders:
    """Call `edit` on the headers of every HTTP response; subclasses say what to change."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def edit(self, headers: MutableHeaders) -> None:
        """Change one response's headers in place."""
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def edited(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.edit(MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, edited)
