"""`/v1/version`, `/healthz` (liveness) and `/readyz` (readiness, with the screening pool's state)."""

from __future__ import annotations

from importlib.metadata import version
from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from api import metrics
from api.routers import answer_head
from api.schemas import Health, Version
from rules.rulebase import RULE_BASE_VERSION
from triage.screening import Runner

CONTRACT_VERSION = "v1"

router = APIRouter(tags=["service"])


class ScreeningPool(BaseModel):
    """The screening worker processes: counts only."""

    processes: int = Field(description="Worker processes the pool is set to run.")
    alive: int = Field(description="Of them, how many are running now (they start on first use).")
    restarts: int = Field(description="Times a pool whose process died was replaced.")


class Readiness(BaseModel):
    """Whether this worker can take work, and the state of its screening pool."""

    status: Literal["ready", "not_ready"]
    screening: ScreeningPool


@router.get("/v1/version", operation_id="getVersion", summary="App and rule-base versions")
async def get_version() -> Version:
    """The package version, the rule-base version and the contract version."""
    return Version(
        app_version=version("pht-triage"),
        rule_base_version=RULE_BASE_VERSION,
        contract=CONTRACT_VERSION,
    )


@router.get("/healthz", operation_id="health", summary="Liveness check")
async def healthz() -> Health:
    """Answers `{"status": "ok"}` while the service is up."""
    return Health()


@router.get(
    "/readyz",
    operation_id="readiness",
    summary="Readiness check, with the screening pool's state",
    responses={503: {"model": Readiness, "description": "Not ready: the pool is broken."}},
)
async def readyz(request: Request, response: Response) -> Readiness:
    """Ready while the screening pool can take work; a pool whose process died is replaced here
    first, so a dead process shows as a restart, and `not_ready` (503) only if that failed."""
    runner: Runner | None = getattr(request.app.state, "screening_runner", None)
    state = runner.state() if runner is not None else None
    metrics.observe_pool(runner)
    pool = ScreeningPool(
        processes=state.processes if state else 0,
        alive=state.alive if state else 0,
        restarts=state.restarts if state else 0,
    )
    if state is not None and state.broken:
        response.status_code = 503
        return Readiness(status="not_ready", screening=pool)
    return Readiness(status="ready", screening=pool)


answer_head(router)
