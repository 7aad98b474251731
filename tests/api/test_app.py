"""`create_app()`: documented endpoints with worked examples at /docs, start-up warming, no bodies in logs."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from api.app import create_app
from api.examples import EMERGENCY, RUNNER
from api.settings import Settings
from tests.api.support import client
from triage import CoreSettings, Triage, assess, default

pytestmark = pytest.mark.anyio

ENDPOINTS = {
    ("post", "/v1/assessments"),
    ("post", "/v1/assessments/batch"),
    ("post", "/v1/screenings"),
    ("post", "/v1/interview"),
    ("post", "/v1/parse"),
    ("get", "/v1/questions"),
    ("get", "/v1/rules"),
    ("get", "/v1/version"),
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/fhir/Questionnaire/pht-intake"),
    ("get", "/fhir/metadata"),
    ("get", "/fhir/{definition_type}/{definition_id}"),
    ("post", "/fhir/QuestionnaireResponse/$assess"),
    ("post", "/fhir/Questionnaire/$next-question"),
    ("get", "/cds-services"),
    ("post", "/cds-services/{service_id}"),
    ("post", "/cds-services/{service_id}/feedback"),
}


async def openapi() -> dict[str, Any]:
    async with client() as http:
        schema: dict[str, Any] = (await http.get("/openapi.json")).json()
    return schema


async def test_every_endpoint_is_documented_with_a_summary_and_a_description() -> None:
    paths = (await openapi())["paths"]
    found = {(method, path) for path, methods in paths.items() for method in methods}
    assert found == ENDPOINTS
    for method, path in ENDPOINTS:
        operation = paths[path][method]
        assert operation["summary"] and operation["description"], (method, path)


async def test_every_intake_field_and_every_answer_is_described_in_the_schema() -> None:
    schemas = (await openapi())["components"]["schemas"]
    intake, answers = schemas["Intake"], schemas["Answers"]
    assert intake["properties"]["answers"] == {"$ref": "#/components/schemas/Answers"}
    assert intake["properties"]["age"]["description"] and intake["properties"]["sex"]["description"]
    assert answers["description"]
    assert all(field.get("description") for field in answers["properties"].values())


async def test_the_assessment_has_worked_examples_of_a_runner_and_an_emergency() -> None:
    operation = (await openapi())["paths"]["/v1/assessments"]["post"]
    requests = operation["requestBody"]["content"]["application/json"]["examples"]
    assert requests["runner"]["value"] == RUNNER
    assert requests["emergency"]["value"] == EMERGENCY
    answers = operation["responses"]["200"]["content"]["application/json"]["examples"]
    assert answers["runner"]["value"]["likelihood"]["band"] == "high"
    assert answers["emergency"]["value"]["triage"]["level"] == "emergency"


async def test_errors_are_documented_as_problem_json() -> None:
    responses = (await openapi())["paths"]["/v1/assessments/batch"]["post"]["responses"]
    for status in ("400", "413", "415", "422"):
        assert "application/problem+json" in responses[status]["content"]


async def test_the_docs_are_browsable_at_docs() -> None:
    async with client() as http:
        response = await http.get("/docs")
    assert response.status_code == 200
    assert "swagger" in response.text.lower()


async def test_start_up_warms_the_apps_own_engines() -> None:
    app = create_app(Settings(warm_engines=2))
    engines = app.state.triage.engines
    assert engines.built == 0
    async with app.router.lifespan_context(app):
        assert engines.built == engines.idle == 2
    assert default().engines is not engines


async def test_the_app_runs_the_core_settings_it_was_given() -> None:
    intake = {"answers": {"sit_bone_pain": "yes"}}
    expected = Triage(CoreSettings(prior=0.5)).assess(intake).likelihood.probability
    app = create_app(Settings(), CoreSettings(prior=0.5))
    async with client(app) as http:
        response = await http.post("/v1/assessments", json=intake)
    assert response.json()["likelihood"]["probability"] == expected
    assert expected != assess(intake).likelihood.probability


async def test_no_request_or_response_body_reaches_a_log(caplog: pytest.LogCaptureFixture) -> None:
    marker = {"age": 117, "sex": "other", "answers": {"sit_bone_pain": "yes", "pain_severity": 9}}
    with caplog.at_level(logging.DEBUG):
        async with client() as http:
            await http.post("/v1/assessments", json=marker)
            await http.post("/v1/interview", json=marker)
            await http.post("/v1/assessments/batch", json={"intakes": [marker, {"age": 999}]})
            await http.post("/v1/assessments", json={"answers": {"sit_bone_pian": "yes"}})
    service_logs = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    text = "\n".join(record.getMessage() for record in service_logs)
    for secret in ("117", "sit_bone", "999", "likelihood", "probability"):
        assert secret not in text


async def test_the_interview_has_worked_examples_answered_by_the_service() -> None:
    operation = (await openapi())["paths"]["/v1/interview"]["post"]
    requests = operation["requestBody"]["content"]["application/json"]["examples"]
    assert {"runner", "emergency"} <= set(requests)
    answers = operation["responses"]["200"]["content"]["application/json"]["examples"]
    assert answers["runner"]["value"]["should_stop"] is False
    assert answers["emergency"]["value"]["stop_reason"] == "emergency"
    assert answers["emergency"]["value"]["assessment"] is None


def test_settings_are_read_from_the_environment_with_the_triage_api_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRIAGE_API_MAX_BODY_BYTES", "1234")
    monkeypatch.setenv("TRIAGE_API_DOCS", "false")
    chosen = Settings()
    assert (chosen.max_body_bytes, chosen.docs, chosen.schema_served) == (1234, False, False)
    assert create_app(chosen).openapi_url is None
