"""One pass over each response's headers as it starts, for every header policy of the service.

The policies (`no_store`, `security_headers`) are plain functions that edit the headers in place;
this middleware runs them all in one wrapper, so that each response pays for one layer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HeaderEdit = Callable[[MutableHeaders], None]
"""Changes one response's headers in place."""


class ResponseHeaders:
    """Apply `edits`, in order, to the headers of every HTTP response."""

    def __init__(self, app: ASGIApp, edits: Sequence[HeaderEdit]) -> None:
        self.app = app
        self.edits = tuple(edits)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def edited(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for edit in self.edits:
                    edit(headers)
            await send(message)

        await self.app(scope, receive, edited)
