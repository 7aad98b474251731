"""What the API tests share: a service built for tests and an httpx client that calls it in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from api.app import create_app
from api.settings import Settings

TEST_BODY_LIMIT = 256 * 1024
"""A smaller body limit than the default, so that the 413 tests send little."""


def make_app(**overrides: object) -> FastAPI:
    """The service with test settings: no engines warmed, a small body limit."""
    values: dict[str, object] = {"warm_engines": 0, "max_body_bytes": TEST_BODY_LIMIT}
    values.update(overrides)
    return create_app(Settings.model_validate(values))


APP = make_app()


@asynccontextmanager
async def client(app: FastAPI = APP) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client that calls the app in-process (no server, no lifespan)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
