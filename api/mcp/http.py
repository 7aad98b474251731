"""`/mcp`: the MCP server in the service, over Streamable HTTP, stateless.

The route sits inside the service's own middleware, so it has the REST routes' API keys (the key
also as `Authorization: Bearer <key>`), rate limit, body limits and headers. The SDK's transport
needs its session manager running: `running(app)` runs it within the service's lifespan, since a
route's own app has no lifespan of its own. Each request is answered on its own (no session, JSON
responses), so that any worker can answer any call.

A browser page may call `/mcp` only from an origin the service allows (`TRIAGE_API_CORS_ORIGINS`)
or from the machine itself: a request with any other `Origin` is refused (403), as the MCP
transport requires against DNS rebinding.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.datastructures import Headers
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from api.mcp.server import build_server
from api.problems import problem, problem_response
from api.settings import Settings

PATH = "/mcp"

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
"""Hosts whose pages run on the machine itself: their origin is always allowed."""


def add_mcp(app: FastAPI, settings: Settings) -> None:
    """Route `/mcp` to a new MCP server; `running(app)` must wrap the app's lifespan."""
    server = build_server()
    transport = server.streamable_http_app(
        streamable_http_path=PATH,
        stateless_http=True,
        json_response=True,
        max_request_body_size=settings.max_body_bytes,
        # Origins are checked by OriginCheck; the host a deployment is reached by is its own.
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    endpoint = _endpoint(transport.routes)
    app.router.routes.append(
        Route(PATH, OriginCheck(endpoint, frozenset(settings.cors_origins)), name="mcp")
    )
    app.state.mcp_server = server


def _endpoint(routes: list[BaseRoute]) -> ASGIApp:
    """The SDK's own ASGI endpoint for the MCP path."""
    for route in routes:
        if isinstance(route, Route) and route.path == PATH:
            found: ASGIApp = route.app
            return found
    raise LookupError(f"the MCP transport has no route at {PATH}")


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[None]:
    """Run the MCP transport's session manager for as long as the block lasts."""
    server: MCPServer[Any] = app.state.mcp_server
    async with server.session_manager.run():
        yield


class OriginCheck:
    """Refuse, with a 403 problem, a request whose `Origin` is neither allowed nor loopback."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = Headers(scope=scope).get("origin")
        if origin is None or origin in self.allowed or _loopback(origin):
            await self.app(scope, receive, send)
            return
        detail = "Requests from this origin are not allowed; see TRIAGE_API_CORS_ORIGINS."
        await problem_response(problem(403, detail, instance=PATH))(scope, receive, send)


def _loopback(origin: str) -> bool:
    try:
        host = urlsplit(origin).hostname
    except ValueError:
        return False
    return host in LOOPBACK_HOSTS
