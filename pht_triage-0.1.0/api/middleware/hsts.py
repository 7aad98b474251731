"""`Strict-Transport-Security` on answers to requests that came over TLS.

Behind a reverse proxy that ends TLS, the request reaches the service over plain HTTP; uvicorn sets
the scheme to `https` only when a trusted proxy (`TRIAGE_API_TRUSTED_PROXIES`) says so in
`X-Forwarded-Proto`, so an untrusted client cannot make the service send it.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class StrictTransportSecurity:
    """Add `Strict-Transport-Security: max-age=N` to every answer of a request made over TLS."""

    def __init__(self, app: ASGIApp, max_age_s: int) -> None:
        self.app = app
        self.value = f"max-age={max_age_s}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["strict-transport-security"] = self.value
            await send(message)

        await self.app(scope, receive, marked)
