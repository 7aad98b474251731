"""A request rate limit per caller (its API key, or its address without keys), with `limits`.

The counts live in this process's memory (the `limits` library's moving window), so each uvicorn
worker counts on its own: with N workers a caller may make up to N times the limit in all.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Receive, Scope, Send

from api.middleware.api_keys import CALLER
from api.problems import problem, problem_response


class RateLimit:
    """Answer a 429 problem with `Retry-After` once a caller has used up its limit."""

    def __init__(self, app: ASGIApp, limit: str, open_paths: frozenset[str]) -> None:
        self.app = app
        self.item: RateLimitItem = parse(limit)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.open_paths = open_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.open_paths:
            await self.app(scope, receive, send)
            return
        caller = _caller(scope)
        if self.limiter.hit(self.item, caller):
            await self.app(scope, receive, send)
            return
        reset = self.limiter.get_window_stats(self.item, caller).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        detail = f"More than {self.item} from this caller; try again in {wait} s."
        found = problem(429, detail, instance=scope["path"])
        await problem_response(found, {"Retry-After": str(wait)})(scope, receive, send)


def _caller(scope: Scope) -> str:
    """Who is counted: the API key's digest when keys are on, else the client's address."""
    digest = scope.get(CALLER)
    if isinstance(digest, str):
        return f"key:{digest}"
    client = scope.get("client")
    return f"address:{client[0] if client else 'unknown'}"
