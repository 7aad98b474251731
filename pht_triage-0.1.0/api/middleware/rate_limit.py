"""A request rate limit per caller (its API key, or its address without keys), with `limits`.

The counts live where `TRIAGE_API_RATE_LIMIT_STORAGE` says: in this process's memory by default
(each uvicorn worker then counts on its own), or in a shared store such as Redis
(`redis://host:6379`), so that every worker of every machine counts against one allowance. The
moving window is the `limits` library's; its async API keeps the event loop free while the store
answers. If the store cannot be reached, requests are let through and a warning is logged (at most
once a minute): a broken store must not take the service down with it.
"""

from __future__ import annotations

import logging
import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from starlette.types import ASGIApp, Receive, Scope, Send

from api.metrics import REFUSALS
from api.problems import problem, problem_response

logger = logging.getLogger("uvicorn.error")

CALLER = "triage.caller"
"""The scope key under which a request's caller is noted: its key's digest, once checked."""

WARN_EVERY_S = 60.0
"""How often, at most, an unreachable store is logged."""


def async_storage_url(url: str) -> str:
    """The `limits` async storage URL for a setting's URL (`redis://` becomes `async+redis://`)."""
    return url if url.startswith("async+") else f"async+{url}"


class Limiter:
    """Counts hits per key in a moving window, in memory or in a shared store."""

    def __init__(self, limit: str, storage_url: str = "memory://") -> None:
        self.item: RateLimitItem = parse(limit)
        storage = storage_from_string(async_storage_url(storage_url))
        if not isinstance(storage, Storage):
            raise ValueError(f"not an async storage: {storage_url}")
        self.storage = storage
        self.strategy = MovingWindowRateLimiter(self.storage)
        self._warned = -math.inf

    async def hit(self, key: str) -> bool:
        """Count one hit; False when the key is over its limit (True if the store is down)."""
        try:
            return await self.strategy.hit(self.item, key)
        except Exception as error:  # the store is unreachable: let the request through, say so
            now = time.monotonic()
            if now - self._warned > WARN_EVERY_S:
                self._warned = now
                logger.warning("The rate-limit store cannot be reached (%s).", type(error).__name__)
            return True

    async def wait_s(self, key: str) -> int:
        """Seconds until the key may hit again (1 at least)."""
        try:
            reset = (await self.strategy.get_window_stats(self.item, key)).reset_time
        except Exception:
            return 1
        return max(1, math.ceil(reset - time.time()))


async def refuse(
    limiter: Limiter, key: str, scope: Scope, receive: Receive, send: Send, kind: str = "rate"
) -> None:
    """Answer a 429 problem with `Retry-After` for a key over its limit (`kind` of limit)."""
    REFUSALS.labels(limit=kind).inc()
    wait = await limiter.wait_s(key)
    detail = f"More than {limiter.item} from this caller; try again in {wait} s."
    found = problem(429, detail, instance=scope["path"])
    await problem_response(found, {"Retry-After": str(wait)})(scope, receive, send)


class RateLimit:
    """Answer a 429 problem with `Retry-After` once a caller has used up its limit."""

    def __init__(self, app: ASGIApp, limiter: Limiter, open_paths: frozenset[str]) -> None:
        self.app = app
        self.limiter = limiter
        self.open_paths = open_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.open_paths:
            await self.app(scope, receive, send)
            return
        caller = _caller(scope)
        if await self.limiter.hit(caller):
            await self.app(scope, receive, send)
            return
        await refuse(self.limiter, caller, scope, receive, send)


def address(scope: Scope) -> str:
    """The client's address as counted (the proxy's client, when the proxy is trusted)."""
    client = scope.get("client")
    return f"address:{client[0] if client else 'unknown'}"


def _caller(scope: Scope) -> str:
    """Who is counted: the API key's digest when keys are on, else the client's address."""
    digest = scope.get(CALLER)
    if isinstance(digest, str):
        return f"key:{digest}"
    return address(scope)
