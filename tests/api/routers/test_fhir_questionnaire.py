"""`GET /fhir/Questionnaire/pht-intake` and `triage fhir questionnaire`: the same resource."""

from __future__ import annotations

import json

import pytest

from tests.api.support import client
from tests.triage.fhir.support import validated
from triage.cli import main
from triage.fhir.questionnaire import questionnaire
from triage.fhir.terminology import answer_code_system

pytestmark = pytest.mark.anyio


async def test_the_service_serves_the_questionnaire_as_fhir_json() -> None:
    async with client() as http:
        response = await http.get("/fhir/Questionnaire/pht-intake")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/fhir+json"
    assert response.json() == questionnaire()
    validated(response.json())


async def test_the_service_serves_the_answer_code_system() -> None:
    async with client() as http:
        response = await http.get("/fhir/CodeSystem/answer")
    assert response.headers["content-type"] == "application/fhir+json"
    assert response.json() == answer_code_system()


def test_the_command_line_prints_the_same_questionnaire(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fhir", "questionnaire"]) == 0
    assert json.loads(capsys.readouterr().out) == questionnaire()


async def test_an_unknown_fhir_resource_is_a_404_operation_outcome() -> None:
    async with client() as http:
        response = await http.get("/fhir/Questionnaire/another-form")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/fhir+json"
    outcome = response.json()
    validated(outcome)
    [issue] = outcome["issue"]
    assert (issue["severity"], issue["code"]) == ("error", "not-found")


async def test_errors_elsewhere_stay_rfc_9457_problems() -> None:
    async with client() as http:
        response = await http.get("/v1/no-such-thing")
    assert response.headers["content-type"] == "application/problem+json"
