"""Settings of the triage core: plain values, given to a `Triage` by whoever builds one.

The core never reads the environment itself. The command line and the service read it once, at
start-up, through `from_environment()` (prefix `TRIAGE_`), and pass the settings in.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from triage.assessment.likelihood import DEFAULT_PRIOR
from triage.engine import ENGINES, CompiledEngine
from triage.texts import DEFAULT_LANGUAGE, languages

ENV_PREFIX = "TRIAGE_"
"""The prefix of the environment variables that set the core's settings."""


class CoreSettings(BaseModel):
    """What a deployment may tune in the core: the prior, the engine, the language of the words,
    how many engines are kept."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prior: float = Field(
        default=DEFAULT_PRIOR,
        gt=0,
        lt=1,
        description="The prior probability of tendinopathy, before any answer moves it.",
    )
    engine: str = Field(
        default=CompiledEngine.name, description="The engine that runs the rules (`triage.engine`)."
    )
    locale: str = Field(
        default=DEFAULT_LANGUAGE,
        description="The language of the words an assessment shows a person: one that "
        "`triage/locale/` has files for.",
    )
    idle_engines: int = Field(
        default=8,
        ge=1,
        description="The most built engines kept idle for reuse; more runs at once build more, "
        "and those beyond this are dropped when they finish.",
    )

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, language: str) -> str:
        if language not in languages():
            raise ValueError(
                f"{language!r} has no locale files; choose one of {', '.join(languages())}"
            )
        return language

    @field_validator("engine")
    @classmethod
    def _known_engine(cls, name: str) -> str:
        if name not in ENGINES:
            raise ValueError(f"{name!r} is not an engine; choose one of {', '.join(ENGINES)}")
        return name


class _FromEnvironment(CoreSettings, BaseSettings):
    """The same settings, read from `TRIAGE_*` variables (used only by `from_environment`)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="ignore")


def from_environment(**given: Any) -> CoreSettings:
    """The core's settings from `TRIAGE_*` environment variables; values `given` win over them.

    Only programs call this, once, when they start (the command line, the service); the library
    itself never reads the environment.
    """
    read = _FromEnvironment(**{k: v for k, v in given.items() if v is not None})
    return CoreSettings(**read.model_dump())
