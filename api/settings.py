"""Settings of the REST service, read from the environment (prefix `TRIAGE_API_`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_BATCH_ITEMS = 1000
"""The most intakes one batch request may carry (issue 3)."""


class Settings(BaseSettings):
    """What can be tuned without code: body size limit, engines warmed at start, the docs."""

    model_config = SettingsConfigDict(env_prefix="TRIAGE_API_")

    max_body_bytes: int = Field(
        default=4 * 1024 * 1024,
        gt=0,
        description="Largest request body accepted, in bytes; larger bodies get a 413 problem. "
        "A full batch of 1,000 complete intakes is under 2 MB.",
    )
    warm_engines: int = Field(
        default=2, ge=0, description="Rule engines built at start-up, so that no request waits."
    )
    docs: bool = Field(default=True, description="Serve the browsable docs at /docs.")
