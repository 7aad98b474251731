"""API keys: with a keys file set, every route but the open ones needs a key (issue 10).

Refusals are counted per client address (`TRIAGE_API_AUTH_FAILURE_LIMIT`): past the limit an
address that keeps sending bad keys gets a 429 problem instead of a 401, while a valid key from the
same address is still served (no lock-out of a clinic behind a shared address).
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.keys import KeyRing
from api.middleware.rate_limit import CALLER, Limiter, address, refuse
from api.problems import problem, problem_response

__all__ = ["CALLER", "CHALLENGE", "KEY_HEADER", "ApiKeys"]

KEY_HEADER = "X-API-Key"
"""The header a key may be sent in; `Authorization: Bearer KEY` is accepted too."""

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="pht-triage"'}


class ApiKeys:
    """Refuse a request without a valid key with a 401 problem; note the caller's key digest.

    The key is hashed and compared with every digest of the ring in constant time; neither the key
    nor its digest is logged or echoed.
    """

    def __init__(
        self,
        app: ASGIApp,
        ring: KeyRing,
        open_paths: frozenset[str],
        failures: Limiter | None = None,
    ) -> None:
        self.app = app
        self.ring = ring
        self.open_paths = open_paths
        self.failures = failures

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] in self.open_paths
            or scope.get(CALLER) is not None  # a CDS client's verified JWT (api.middleware.cds_jwt)
        ):
            await self.app(scope, receive, send)
            return
        presented = _presented_key(Headers(scope=scope))
        digest = self.ring.match(presented) if presented else None
        if digest is None:
            key = "unauthorized:" + address(scope)
            if self.failures is not None and not await self.failures.hit(key):
                await refuse(self.failures, key, scope, receive, send, kind="bad_keys")
                return
            detail = (
                f"Send a valid API key in the '{KEY_HEADER}' header or as "
                "'Authorization: Bearer <key>'."
                if presented is None
                else "The API key is not valid."
            )
            found = problem(401, detail, instance=scope["path"])
            await problem_response(found, CHALLENGE)(scope, receive, send)
            return
        scope[CALLER] = digest
        await self.app(scope, receive, send)


def _presented_key(headers: Headers) -> str | None:
    """The key a request carries, from `X-API-Key` or a Bearer `Authorization`, if any."""
    key = headers.get(KEY_HEADER)
    if key is None:
        scheme, _, credentials = headers.get("authorization", "").partition(" ")
        key = credentials if scheme.lower() == "bearer" else None
    key = key.strip() if key is not None else None
    return key or None
