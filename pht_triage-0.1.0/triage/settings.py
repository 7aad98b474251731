"""Settings of the triage core, read from the environment (prefix `TRIAGE_`) once, on first use."""

from __future__ import annotations

from functools import cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from triage.assessment.likelihood import DEFAULT_PRIOR
from triage.engine import ENGINES, CompiledEngine


class CoreSettings(BaseSettings):
    """Settings of the triage core, from the environment (prefix `TRIAGE_`)."""

    model_config = SettingsConfigDict(env_prefix="TRIAGE_")

    prior: float = Field(
        default=DEFAULT_PRIOR,
        gt=0,
        lt=1,
        description="The prior probability of tendinopathy, before any answer moves it.",
    )
    engine: str = Field(
        default=CompiledEngine.name, description="The engine that runs the rules (`triage.engine`)."
    )

    @field_validator("engine")
    @classmethod
    def _known_engine(cls, name: str) -> str:
        if name not in ENGINES:
            raise ValueError(f"{name!r} is not an engine; choose one of {', '.join(ENGINES)}")
        return name


@cache
def settings() -> CoreSettings:
    """The settings, read once on first use."""
    return CoreSettings()
