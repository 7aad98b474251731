"""A request body size limit, counting chunked bodies too."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import BodyTooLarge, problem, problem_response


class BodySizeLimit:
    """Refuse a request body over a byte limit with a 413 problem, counting chunked bodies too.

    A declared `Content-Length` over the limit is refused before the app runs. Otherwise the bytes
    are counted as the app reads them, and reading past the limit raises `BodyTooLarge`, which the
    app's error handlers turn into the same problem.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            refused = BodyTooLarge(self.max_bytes)
            found = problem(refused.status_code, refused.detail, instance=scope.get("path"))
            await problem_response(found)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, counted, send)
