"""`/mcp`: the MCP server in the service, over Streamable HTTP, stateless.

The route sits inside the service's own middleware, so it has the REST routes' API keys (the key
also as `Authorization: Bearer <key>`), rate limit, body limits and headers. The SDK's transport
needs its session manager running: `running(app)` runs it within the service's lifespan, since a
route's own app has no lifespan of its own. Each request is answered on its own (no session, JSON
responses), so that any worker can answer any call.

A browser page may call `/mcp` only from an origin the service allows (`TRIAGE_API_CORS_ORIGINS`)
or from the machine itself: a request with any other `Origin` is refused (403), as the MCP
transport requires against DNS rebinding. A message with a key given twice in one object is
refused (422, the key named), as on every REST route: the two values could disagree, and keeping
either one could hide a red flag.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.datastructures import Headers
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.mcp.server import build_server
from api.problems import problem, problem_response
from api.settings import Settings
from triage import DuplicateKeyError
from triage.files import loads

PATH = "/mcp"

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
"""Hosts whose pages run on the machine itself: their origin is always allowed."""


def add_mcp(app: FastAPI, settings: Settings) -> None:
    """Route `/mcp` to a new MCP server; `running(app)` must wrap the app's lifespan."""
    app.state.mcp_server = build_server(app.state.triage)
    app.state.mcp_transport = None
    allowed = frozenset(settings.cors_origins)
    app.router.routes.append(Route(PATH, Guard(_Running(app), allowed), name="mcp"))


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[None]:
    """Serve `/mcp` for as long as the block lasts: a new transport and session manager for each
    run of the app's lifespan (the SDK's manager runs only once)."""
    server: MCPServer[Any] = app.state.mcp_server
    settings: Settings = app.state.settings
    transport = server.streamable_http_app(
        streamable_http_path=PATH,
        stateless_http=True,
        json_response=True,
        max_request_body_size=settings.max_body_bytes,
        # Origins are checked by Guard; the host a deployment is reached by is its own.
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    async with server.session_manager.run():
        app.state.mcp_transport = _endpoint(transport.routes)
        try:
            yield
        finally:
            app.state.mcp_transport = None


def _endpoint(routes: list[BaseRoute]) -> ASGIApp:
    """The SDK's own ASGI endpoint for the MCP path."""
    for route in routes:
        if isinstance(route, Route) and route.path == PATH:
            found: ASGIApp = route.app
            return found
    raise LookupError(f"the MCP transport has no route at {PATH}")


class _Running:
    """The transport of the app's current lifespan; a 503 problem outside one."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        transport: ASGIApp | None = self.app.state.mcp_transport
        if transport is None:
            found = problem(503, "The MCP transport is not running.", instance=PATH)
            await problem_response(found)(scope, receive, send)
            return
        await transport(scope, receive, send)


class Guard:
    """Refuse a foreign `Origin` (403) and a message with a repeated key (422), as problems."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = Headers(scope=scope).get("origin")
        if origin is not None and origin not in self.allowed and not _loopback(origin):
            detail = "Requests from this origin are not allowed; see TRIAGE_API_CORS_ORIGINS."
            await problem_response(problem(403, detail, instance=PATH))(scope, receive, send)
            return
        if scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        messages, body = await _read_body(receive)
        try:
            loads(body)
        except DuplicateKeyError as repeated:
            found = problem(422, "The message has a key given twice.", [repeated.problem()], PATH)
            await problem_response(found)(scope, receive, send)
            return
        except (json.JSONDecodeError, UnicodeDecodeError):
            pass  # the transport answers a parse error in JSON-RPC's own words

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


async def _read_body(receive: Receive) -> tuple[list[Message], bytes]:
    """Every message of a request's body (its size bounded by the body limits), and the body."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return messages, b"".join(chunks)


def _loopback(origin: str) -> bool:
    try:
        host = urlsplit(origin).hostname
    except ValueError:
        return False
    return host in LOOPBACK_HOSTS
