"""The FastAPI application: `create_app()` wires the routers, the error handling and the limits."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib.metadata import version
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi

from api import access, metrics, problems
from api.examples import EMERGENCY, EMERGENCY_SUMMARY, RUNNER, RUNNER_SUMMARY
from api.fhir_openapi import add_fhir_components
from api.mcp import http as mcp
from api.middleware.body_size import BodySizeLimit
from api.middleware.body_timeout import BodyTimeout
from api.query_params import refuse_unknown_query
from api.routers import (
    assessments,
    cds_hooks,
    docs,
    fhir,
    interview,
    meta,
    parse,
    questions,
    rules,
    screenings,
)
from api.schemas import InterviewStepOut
from api.settings import SETTINGS_STATE, Settings
from api.web import routes as web
from triage import CoreSettings, Triage, from_environment

DESCRIPTION = """\
Rule-based triage for **proximal hamstring tendinopathy** (pain at the sit bone), for chatbots and
clinic intake forms. The public contract is `docs/contract.md` in the project's source; every error is an RFC 9457
problem (`application/problem+json`) listing each bad field.

This service does not diagnose. Request and response bodies are never logged, and every response
carries `Cache-Control: no-store`.
"""

ROUTERS = (
    assessments.router,
    screenings.router,
    interview.router,
    parse.router,
    questions.router,
    rules.router,
    meta.router,
    fhir.router,
    cds_hooks.router,
)


def create_app(settings: Settings | None = None, core: CoreSettings | None = None) -> FastAPI:
    """Build the service; settings come from the environment (`TRIAGE_API_*` for the service,
    `TRIAGE_*` for the core), read here once, unless given."""
    chosen = settings if settings is not None else Settings()
    triage = Triage(core if core is not None else from_environment())
    app = FastAPI(
        title="PHT triage",
        version=version("pht-triage"),
        description=DESCRIPTION,
        lifespan=_lifespan(chosen),
        openapi_url="/openapi.json" if chosen.schema_served else None,
        docs_url=None,  # served by api.routers.docs, from installed assets
        redoc_url=None,
        dependencies=[Depends(refuse_unknown_query)],
    )
    app.state.settings = chosen
    app.state.triage = triage
    problems.add_problem_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=chosen.max_body_bytes)
    app.add_middleware(BodyTimeout, timeout_s=chosen.body_timeout_s)
    access.add_access_middleware(app, chosen)
    app.add_middleware(metrics.Metrics)
    app.include_router(metrics.router)
    for router in ROUTERS:
        app.include_router(router)
    web.add_web_pages(app)
    mcp.add_mcp(app, chosen)
    if chosen.docs:
        docs.add_docs_pages(app)
    app.openapi = _openapi_with_answers(app, chosen)  # type: ignore[method-assign]
    return app


def _lifespan(settings: Settings) -> Callable[[FastAPI], Any]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Settings]]:
        access.announce(app)
        # Build engines and the interview's tables now, so that no request pays for them.
        triage: Triage = app.state.triage
        triage.warm(settings.warm_engines)
        # Screenings run in worker processes of their own, started by the first screening.
        with triage.screener(settings.screening_processes, workers=True) as runner:
            app.state.screening_runner = runner
            async with mcp.running(app):
                # Shared with the server, which bounds each connection by the same settings.
                yield {SETTINGS_STATE: settings}
        app.state.screening_runner = None
        metrics.process_exited()

    return lifespan


def _openapi_with_answers(app: FastAPI, settings: Settings) -> Callable[[], dict[str, Any]]:
    """The OpenAPI schema, with the service's real answers to the worked examples added."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            for path, examples in _answered_examples(app.state.triage).items():
                answer = schema["paths"][path]["post"]["responses"]["200"]
                answer["content"]["application/json"]["examples"] = examples
            access.declare(schema, settings)
            add_fhir_components(schema)
            screened = schema["paths"]["/v1/screenings"]["post"]["responses"]["200"]["content"]
            for media, example in screenings.answered_examples(app.state.triage).items():
                screened[media]["example"] = example
            app.openapi_schema = schema
        return app.openapi_schema

    return openapi


def _answered_examples(triage: Triage) -> dict[str, dict[str, dict[str, Any]]]:
    """Response examples: what the service answers to the runner and the emergency."""
    cases = {"runner": (RUNNER_SUMMARY, RUNNER), "emergency": (EMERGENCY_SUMMARY, EMERGENCY)}
    return {
        "/v1/assessments": {
            name: {"summary": summary, "value": triage.assess(data).model_dump(mode="json")}
            for name, (summary, data) in cases.items()
        },
        "/v1/interview": {
            name: {
                "summary": summary,
                "value": InterviewStepOut.of(triage.next_step(data)).model_dump(mode="json"),
            }
            for name, (summary, data) in cases.items()
        },
    }
