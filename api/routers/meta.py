"""`/v1/version` and `/healthz`."""

from __future__ import annotations

from importlib.metadata import version

from fastapi import APIRouter

from api.routers import answer_head
from api.schemas import Health, Version
from rules.rulebase import RULE_BASE_VERSION

CONTRACT_VERSION = "v1"

router = APIRouter(tags=["service"])


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


answer_head(router)
