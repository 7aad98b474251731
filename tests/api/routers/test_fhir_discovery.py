"""A FHIR server a client can discover: `metadata` and its OperationDefinitions, every canonical
URL the resources reference served at its path, `_format` and `Accept` (JSON, else 406), `$assess`
in the Parameters form, and one error style."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from api.examples import EMERGENCY, RUNNER
from tests.api.support import client
from tests.triage.fhir.support import validated
from triage.fhir import canonical
from triage.fhir.outcome import ISSUE_TYPES
from triage.fhir.response import response_from_intake

pytestmark = pytest.mark.anyio

FHIR = {"content-type": "application/fhir+json"}
ASSESS = "/fhir/QuestionnaireResponse/$assess"
NEXT = "/fhir/Questionnaire/$next-question"


def _parameters(resource: dict[str, Any]) -> str:
    body = {
        "resourceType": "Parameters",
        "parameter": [{"name": "questionnaire-response", "resource": resource}],
    }
    return json.dumps(body)


def _canonicals(value: Any) -> Iterator[str]:
    """Every URL of the project's namespace a resource names (systems, extensions, profiles)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _canonicals(item)
    elif isinstance(value, list):
        for item in value:
            yield from _canonicals(item)
    elif isinstance(value, str) and value.startswith(canonical.BASE + "/"):
        yield value.split("|", 1)[0]


async def test_metadata_is_a_capability_statement_whose_operations_are_served() -> None:
    async with client() as http:
        answer = await http.get("/fhir/metadata")
        statement = answer.json()
        validated(statement)
        assert answer.headers["content-type"] == "application/fhir+json"
        assert statement["fhirVersion"] == "4.0.1"
        assert statement["implementation"]["url"] == "http://test/fhir"
        [rest] = statement["rest"]
        operations = {
            op["name"]: op["definition"] for r in rest["resource"] for op in r.get("operation", [])
        }
        assert set(operations) == {"assess", "next-question"}
        for definition in operations.values():
            found = await http.get("/fhir" + definition.removeprefix(canonical.BASE))
            assert found.status_code == 200, definition
            validated(found.json())
            assert found.json()["url"] == definition


async def test_every_canonical_url_the_resources_name_is_served_at_its_path() -> None:
    async with client() as http:
        resources = [
            (await http.get("/fhir/Questionnaire/pht-intake")).json(),
            (await http.get("/fhir/metadata")).json(),
            (
                await http.post(
                    ASSESS, content=json.dumps(response_from_intake(EMERGENCY)), headers=FHIR
                )
            ).json(),
            (
                await http.post(
                    NEXT,
                    content=_parameters(
                        {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
                    ),
                    headers=FHIR,
                )
            ).json(),
        ]
        named = {url for resource in resources for url in _canonicals(resource)}
        assert f"{canonical.BASE}/CodeSystem/red-flag" in named
        assert f"{canonical.BASE}/StructureDefinition/triage-level" in named
        for url in sorted(named):
            answer = await http.get("/fhir" + url.removeprefix(canonical.BASE))
            assert answer.status_code == 200, url
            served = answer.json()
            validated(served)
            assert served["url"] == url


async def test_every_code_of_the_projects_systems_is_defined_with_the_same_display() -> None:
    async with client() as http:
        risk = (
            await http.post(
                ASSESS, content=json.dumps(response_from_intake(EMERGENCY)), headers=FHIR
            )
        ).json()
        systems: dict[str, dict[str, str]] = {}
        for coding in _codings(risk):
            system = coding["system"]
            if system.startswith(canonical.BASE) and system not in systems:
                served = (await http.get("/fhir" + system.removeprefix(canonical.BASE))).json()
                systems[system] = {c["code"]: c["display"] for c in served["concept"]}
            if system in systems:
                assert systems[system][coding["code"]] == coding["display"]
    assert len(systems) >= 3


def _codings(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "system" in value and "code" in value:
            yield value
        for item in value.values():
            yield from _codings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _codings(item)


@pytest.mark.parametrize("name", ["Patient", "CodeSystem", "StructureDefinition", "ValueSet"])
async def test_a_definition_the_server_does_not_hold_is_a_404_operation_outcome(name: str) -> None:
    async with client() as http:
        answer = await http.get(f"/fhir/{name}/nothing-here")
    assert answer.status_code == 404
    validated(answer.json())
    assert answer.json()["issue"][0]["code"] == "not-found"


@pytest.mark.parametrize(
    "value",
    ["json", "application/json", "application/fhir+json", "application/fhir+json;fhirVersion=4.0"],
)
async def test_format_json_is_accepted_on_every_route(value: str) -> None:
    async with client() as http:
        got = await http.get("/fhir/Questionnaire/pht-intake", params={"_format": value})
        posted = await http.post(
            ASSESS,
            params={"_format": value},
            content=json.dumps(response_from_intake(RUNNER)),
            headers=FHIR,
        )
        metadata = await http.get("/fhir/metadata", params={"_format": value})
    assert got.status_code == posted.status_code == metadata.status_code == 200


@pytest.mark.parametrize("value", ["xml", "application/fhir+xml", "text/xml", "ttl", "html"])
async def test_a_format_not_served_is_a_406(value: str) -> None:
    async with client() as http:
        answer = await http.get("/fhir/metadata", params={"_format": value})
    assert answer.status_code == 406
    validated(answer.json())
    assert answer.json()["issue"][0]["code"] == "not-supported"


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        ("application/fhir+xml", 406),
        ("application/xml, text/turtle", 406),
        ("application/fhir+json;q=0", 406),
        ("application/fhir+xml, application/fhir+json;q=0.5", 200),
        ("application/json", 200),
        ("*/*", 200),
    ],
)
async def test_accept_is_honoured(accept: str, status: int) -> None:
    async with client() as http:
        answer = await http.get("/fhir/Questionnaire/pht-intake", headers={"accept": accept})
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/fhir+json"


async def test_assess_takes_the_parameters_form_as_next_question_does() -> None:
    response = response_from_intake(EMERGENCY)
    async with client() as http:
        bare = await http.post(ASSESS, content=json.dumps(response), headers=FHIR)
        wrapped = await http.post(ASSESS, content=_parameters(response), headers=FHIR)
        empty = await http.post(
            ASSESS, content=json.dumps({"resourceType": "Parameters"}), headers=FHIR
        )
    assert wrapped.status_code == bare.status_code == 200
    assert wrapped.json() == bare.json()
    assert empty.status_code == 422


async def test_out_of_range_numbers_share_one_issue_code_and_the_projects_wording() -> None:
    response = response_from_intake(
        {**RUNNER, "age": 34, "answers": {**RUNNER["answers"], "pain_severity": 5}}
    )
    for section in response["item"]:
        for item in section["item"]:
            if item["linkId"] == "age":
                item["answer"] = [{"valueInteger": 130}]
            if item["linkId"] == "pain_severity":
                item["answer"] = [{"valueInteger": 11}]
    async with client() as http:
        answer = await http.post(ASSESS, content=json.dumps(response), headers=FHIR)
    assert answer.status_code == 422
    issues = answer.json()["issue"]
    assert [issue["code"] for issue in issues] == ["value", "value"]
    assert all("out of range" in issue["details"]["text"] for issue in issues)
    assert not any("Input should" in issue["details"]["text"] for issue in issues)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (ASSESS, "{"),
        (ASSESS, json.dumps({"resourceType": "Patient"})),
        (NEXT, json.dumps({"resourceType": "Parameters", "parameter": []})),
        ("/fhir/nowhere", "{}"),
    ],
)
async def test_every_error_is_an_operation_outcome_with_issue_types_from_fhir(
    path: str, body: str
) -> None:
    async with client() as http:
        answer = await http.post(path, content=body, headers=FHIR)
    assert answer.status_code >= 400
    outcome = answer.json()
    validated(outcome)
    assert {issue["code"] for issue in outcome["issue"]} <= ISSUE_TYPES


async def test_error_bodies_are_shared_schema_components() -> None:
    async with client() as http:
        schema = (await http.get("/openapi.json")).json()
    inline = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if not status.startswith(("4", "5")):
                    continue
                for media in answer.get("content", {}).values():
                    if "$ref" not in media["schema"]:
                        inline.append(f"{method} {path} {status}")
    assert inline == []
    assert "FhirOperationOutcome" in schema["components"]["schemas"]
