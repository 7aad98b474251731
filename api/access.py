"""Who may call the service: API keys, a rate limit, browser origins, and the headers that go
with them; each middleware in its own module, wired here and declared in the OpenAPI schema.

Order matters (outermost first): security headers and `no-store` on every answer, even a refusal;
CORS, which answers a browser's preflight before any key is asked for (a preflight never carries
one); the key check, which notes the caller; then the rate limit, which counts per caller.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI

from api.keys import KeyRing, read_key_ring
from api.middleware.api_keys import KEY_HEADER, ApiKeys
from api.middleware.cds_jwt import PREFIX as CDS_PREFIX
from api.middleware.cds_jwt import CdsJwt, trusted
from api.middleware.cors import ProblemCORS
from api.middleware.hsts import StrictTransportSecurity
from api.middleware.no_store import no_store
from api.middleware.rate_limit import Limiter, RateLimit
from api.middleware.response_headers import ResponseHeaders
from api.middleware.security_headers import security_headers
from api.problems import documented
from api.settings import Settings
from api.web import routes as web

OPEN_PATHS = frozenset({"/healthz", "/readyz"})
"""Paths any caller may reach without a key and without being counted: the health checks."""

SECURITY_SCHEMES = {
    "apiKey": {"type": "apiKey", "in": "header", "name": KEY_HEADER},
    "bearer": {"type": "http", "scheme": "bearer", "description": "The same API key."},
}

CDS_JWT_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "JWT",
    "description": "The CDS client's JWT, from an issuer named in TRIAGE_API_CDS_ISSUERS_FILE.",
}

logger = logging.getLogger("uvicorn.error")
"""The server's own log, so that the start-up line shows with uvicorn's."""


def add_access_middleware(app: FastAPI, settings: Settings) -> None:
    """Add the access middlewares the settings ask for, innermost first."""
    ring = read_key_ring(settings.keys_file) if settings.keys_file is not None else None
    storage = settings.rate_limit_storage
    if settings.rate_limit is not None:
        limiter = Limiter(settings.rate_limit, storage)
        app.add_middleware(RateLimit, limiter=limiter, open_paths=OPEN_PATHS)
    if ring is not None:
        failures = Limiter(settings.auth_failure_limit, storage)
        app.add_middleware(
            ApiKeys, ring=ring, open_paths=OPEN_PATHS | web.SELF_CHECKED, failures=failures
        )
    issuers = trusted(settings.cds_issuers_file)
    if issuers is not None:
        public = str(settings.public_url) if settings.public_url is not None else None
        app.add_middleware(CdsJwt, issuers=issuers, keys_too=ring is not None, public_url=public)
    if settings.cors_origins:
        app.add_middleware(
            ProblemCORS,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "POST"],
            allow_headers=["Content-Type", KEY_HEADER, "Authorization"],
            expose_headers=["Retry-After"],
            max_age=600,
        )
    app.add_middleware(ResponseHeaders, edits=(no_store, security_headers))
    if settings.hsts_max_age_s > 0:
        app.add_middleware(StrictTransportSecurity, max_age_s=settings.hsts_max_age_s)
    app.state.key_ring = ring


def announce(app: FastAPI) -> None:
    """Say at start-up whether callers need a key (never which keys)."""
    ring: KeyRing | None = app.state.key_ring
    if ring is None:
        logger.warning(
            "TRIAGE_API_KEYS_FILE is not set: the service is open, every route answers any "
            "caller without a key."
        )
    else:
        logger.info("API keys required on every route but /healthz (%d keys).", len(ring.digests))


def declare(schema: dict[str, Any], settings: Settings) -> None:
    """Add to the OpenAPI schema the key schemes and the 401 and 429 answers the settings imply."""
    extra: dict[str, dict[str, Any]] = {}
    keys = settings.keys_file is not None
    if keys:
        schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
        schema["security"] = [{name: []} for name in SECURITY_SCHEMES]
        extra["401"] = {**documented(401)[401], "headers": _header("WWW-Authenticate")}
    if settings.rate_limit is not None or keys:  # 401s are limited too
        extra["429"] = {**documented(429)[429], "headers": _header("Retry-After", "integer")}
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            if path in OPEN_PATHS:
                if keys:
                    operation["security"] = []
            else:
                operation["responses"].update(extra)
    if settings.cds_issuers_file is not None:
        _declare_cds_jwt(schema, keys)


def _declare_cds_jwt(schema: dict[str, Any], keys: bool) -> None:
    """The CDS client's bearer JWT on `/cds-services` (api.middleware.cds_jwt), beside any keys."""
    schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes["cdsClientJwt"] = CDS_JWT_SCHEME
    refused = {**documented(401)[401], "headers": _header("WWW-Authenticate")}
    for path, operations in schema["paths"].items():
        if not path.startswith(CDS_PREFIX):
            continue
        for operation in operations.values():
            alternatives: list[dict[str, list[str]]] = (
                [{name: []} for name in SECURITY_SCHEMES] if keys else []
            )
            operation["security"] = [{"cdsClientJwt": []}, *alternatives]
            operation["responses"]["401"] = refused


def _header(name: str, kind: str = "string") -> dict[str, Any]:
    return {name: {"schema": {"type": kind}, "required": True}}
