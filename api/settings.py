"""Settings of the REST service, read from the environment (prefix `TRIAGE_API_`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from limits import parse
from pydantic import Field, HttpUrl, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ENV_PREFIX = "TRIAGE_API_"
"""The prefix of the environment variables that set the service's settings."""

SETTINGS_STATE = "service_settings"
"""The key under which the app's lifespan shares its settings with the server (ASGI lifespan
state, which uvicorn hands every connection as `app_state`)."""

MAX_BATCH_ITEMS = 1000
"""The most intakes one batch request may carry (issue 3)."""


class Settings(BaseSettings):
    """What can be tuned without code: limits, engines warmed at start, the docs, who may call."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX)

    max_body_bytes: int = Field(
        default=4 * 1024 * 1024,
        gt=0,
        description="Largest request body accepted, in bytes; larger bodies get a 413 problem. "
        "A full batch of 1,000 complete intakes is under 2 MB.",
    )
    warm_engines: int = Field(
        default=2, ge=0, description="Rule engines built at start-up, so that no request waits."
    )
    docs: bool = Field(
        default=True,
        description="Serve the docs at /docs and /redoc, and the schema at /openapi.json.",
    )
    openapi: bool = Field(
        default=False,
        description="Serve /openapi.json even when the docs are off (for client generators).",
    )
    keys_file: Path | None = Field(
        default=None,
        description="A file of API key digests, one SHA-256 hex digest a line (`triage keys "
        "new` prints one); when set, every route but /healthz needs a key.",
    )
    cds_issuers_file: Path | None = Field(
        default=None,
        description="A JSON file mapping each CDS client (JWT issuer, `iss`) trusted to call "
        '/cds-services to its JSON Web Key Set: `{"https://ehr.example": {"keys": [...]}}`. '
        "When set, a CDS service call needs the client's bearer JWT, or an API key when keys "
        "are set.",
    )
    public_url: HttpUrl | None = Field(
        default=None,
        description="The service's address as its clients call it (e.g. "
        "`https://triage.clinic.example`, with any path a proxy adds), when a reverse proxy "
        "changes the Host: a CDS client's JWT must then name an `aud` under it. Unset: the "
        "address is read from the request.",
    )
    rate_limit: str | None = Field(
        default=None,
        description="Requests allowed per caller (API key, or client address without keys), "
        "e.g. `600/minute`; counted in `TRIAGE_API_RATE_LIMIT_STORAGE`. Unset: no limit.",
    )
    rate_limit_storage: str = Field(
        default="memory://",
        description="Where the rate limit counts: `memory://` (each worker on its own) or a "
        "shared store every worker and machine counts in, e.g. `redis://10.0.0.5:6379` (the "
        "`limits` library's storage URLs).",
    )
    auth_failure_limit: str = Field(
        default="30/minute",
        description="Refusals for a missing or bad API key one client address may get; past it, "
        "429. Counted in the rate limit's storage.",
    )
    hsts_max_age_s: int = Field(
        default=31_536_000,
        ge=0,
        description="`Strict-Transport-Security` max-age sent on answers to requests that came "
        "over TLS (directly, or as a trusted proxy's X-Forwarded-Proto says); 0: no header.",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins whose browser pages may call the service, comma-separated, e.g. "
        "`https://chat.clinic.example`. Empty: no cross-origin calls (CORS off).",
    )

    screening_processes: int = Field(
        default=1,
        ge=1,
        description="Worker processes for `POST /v1/screenings`, apart from the event loop, so "
        "that single assessments keep being answered while a screening runs.",
    )
    body_timeout_s: float = Field(
        default=30.0,
        gt=0,
        description="Seconds a request's headers, and then its body, may take to arrive; "
        "a slower request gets a 408 problem and its connection is closed.",
    )
    send_timeout_s: float = Field(
        default=30.0,
        gt=0,
        description="Seconds a client may leave an answer unread (its connection's buffers full) "
        "before the connection is closed, so that a slow reader holds no screening process.",
    )
    max_header_bytes: int = Field(
        default=32 * 1024,
        ge=1024,
        description="Largest request line and headers, in bytes; larger gets a 431 problem and "
        "the connection is closed, before any key is checked.",
    )
    max_headers: int = Field(
        default=100,
        ge=1,
        description="Most request headers; more get a 431 problem and the connection is closed.",
    )
    keep_alive_s: int = Field(
        default=5, ge=1, description="Seconds an idle keep-alive connection is kept open."
    )
    limit_concurrency: int = Field(
        default=512,
        ge=1,
        description="Connections (or requests in progress) a worker serves at once; beyond it "
        "a request gets a 503 problem with `Retry-After`.",
    )
    shutdown_timeout_s: int = Field(
        default=30,
        ge=0,
        description="Seconds a worker waits, after SIGTERM, for requests in progress to finish "
        "before it closes what is left and exits.",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Addresses (or networks) of the reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto are believed, comma-separated. Empty: trust none.",
    )

    @field_validator("rate_limit", "auth_failure_limit")
    @classmethod
    def _limit_parses(cls, value: str | None) -> str | None:
        if value is not None:
            parse(value)  # raises ValueError, naming the setting, for `600 per fortnight`
        return value

    @field_validator("cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @property
    def schema_served(self) -> bool:
        """Whether /openapi.json is served: with the docs, or on its own when asked for."""
        return self.docs or self.openapi
