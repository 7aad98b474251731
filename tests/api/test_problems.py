"""`api.problems`: every kind of core error answered from one table, by one handler."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi import APIRouter, FastAPI

import api
import triage
from api.problems import (
    ERROR_KINDS,
    FAULT_DETAIL,
    PROBLEM_MEDIA_TYPE,
    TYPE_PREFIX,
    problem,
    triage_problem,
)
from tests.api.support import client, make_app
from tests.error_family import error_classes
from triage.errors import (
    AnnotatedSetError,
    CdsRequestError,
    CommandError,
    FieldProblem,
    IntakeError,
    MissingPrefetchError,
    PhraseError,
    PriorError,
    SettingFileError,
    TextTooLongError,
    TriageError,
)
from triage.fhir.cds import SERVICE_ID

pytestmark = pytest.mark.anyio

INTAKE_FILE_KINDS = {
    "unreadable-source": 422,
    "unreadable-table": 422,
    "repeated-column": 422,
    "unknown-columns": 422,
    "duplicate-key": 422,
    "unusable-case-files": 422,
    "bad-cases": 422,
    "bad-validation-cases": 422,
}
"""The kinds of the intake-file errors (issue 19), and the status each has always had."""

LEAKED = "sit_bone_pain=yes"
"""Text that must never reach an answer or the log when the service's own set-up is at fault."""

RAISED: list[tuple[TriageError, int]] = [
    (TriageError(f"bad {LEAKED}"), 422),
    (IntakeError([FieldProblem(("age",), "too old", "less_than_equal")]), 422),
    (TextTooLongError("the text is 5001 characters; at most 5000"), 422),
    (AnnotatedSetError("line 2: not an annotated sentence"), 422),
    (PriorError("prior must be a number strictly between 0 and 1, got 2"), 422),
    (CdsRequestError([FieldProblem(("hook",), "not offered", "literal_error")]), 400),
    (MissingPrefetchError("The client could not prefetch 'intake'."), 412),
    (SettingFileError(f"the API keys file {LEAKED}"), 500),
    (PhraseError(f"unbalanced [ in {LEAKED}"), 500),
    (CommandError(f"--port {LEAKED}"), 500),
]
"""One error of each kind defined in `triage.errors`, and the status the service answers it with."""

REFUSED = [error for error, status in RAISED if status < 500]
FAULTS = [error for error, status in RAISED if status >= 500]


def test_every_error_class_has_a_kind_in_the_status_table() -> None:
    missing = {cls.__name__: cls.kind for cls in error_classes(triage, api)}
    assert {name: kind for name, kind in missing.items() if kind not in ERROR_KINDS} == {}


def test_the_service_defines_no_error_class_of_its_own() -> None:
    assert [cls for cls in error_classes(api) if cls.__module__.startswith("api")] == []


def test_the_intake_file_kinds_keep_the_statuses_they_have_always_had() -> None:
    assert {kind: ERROR_KINDS[kind].status for kind in INTAKE_FILE_KINDS} == INTAKE_FILE_KINDS


def test_every_status_in_the_table_has_a_problem_type_and_title_of_its_own() -> None:
    for kind in ERROR_KINDS.values():
        found = problem(kind.status, "x")
        assert found.type != TYPE_PREFIX + "http-error", kind


def test_every_error_raised_on_purpose_is_tested_here() -> None:
    """The intake-file kinds are pinned above and by the routes that read files."""
    kinds = {error.kind for error, _ in RAISED}
    defined = {cls.kind for cls in error_classes(triage) if cls.__module__ == "triage.errors"}
    assert defined - INTAKE_FILE_KINDS.keys() <= kinds


def _raising(error: Exception, path: str = "/raise") -> FastAPI:
    app = make_app()
    router = APIRouter()

    @router.post(path)
    async def fail() -> None:
        raise error

    app.include_router(router)
    return app


@pytest.mark.parametrize(("error", "status"), RAISED, ids=lambda v: getattr(v, "kind", str(v)))
async def test_each_kind_is_answered_with_the_status_of_its_row(
    error: TriageError, status: int
) -> None:
    async with client(_raising(error)) as http:
        response = await http.post("/raise")
    assert response.status_code == status == ERROR_KINDS[error.kind].status
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body = response.json()
    assert body["status"] == status
    assert body["type"] == problem(status, "x").type
    assert body["instance"] == "/raise"


@pytest.mark.parametrize("error", REFUSED, ids=lambda error: error.kind)
async def test_a_refused_input_is_answered_with_the_errors_own_words(error: TriageError) -> None:
    async with client(_raising(error)) as http:
        body = (await http.post("/raise")).json()
    assert body == json.loads(triage_problem(error, "/raise").model_dump_json())
    listed = getattr(error, "problems", ())
    assert [e["path"] for e in body["errors"]] == [p.path for p in listed]


@pytest.mark.parametrize("error", FAULTS, ids=lambda error: error.kind)
async def test_a_fault_of_the_services_own_set_up_is_a_500_that_says_nothing(
    error: TriageError, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        async with client(_raising(error)) as http:
            response = await http.post("/raise")
    assert response.json()["detail"] == FAULT_DETAIL
    assert LEAKED not in response.text
    assert type(error).__name__ in caplog.text
    assert LEAKED not in caplog.text


async def test_a_core_error_on_a_fhir_path_is_an_operation_outcome() -> None:
    error = IntakeError([FieldProblem(("age",), "too old", "less_than_equal")])
    async with client(_raising(error, "/fhir/raise")) as http:
        response = await http.post("/fhir/raise")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/fhir+json")
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert "too old" in json.dumps(outcome)


async def test_a_body_that_cannot_be_screened_is_a_422_saying_so_and_why() -> None:
    async with client() as http:
        response = await http.post(
            "/v1/screenings",
            content=b"age,sex,bogus_col\n40,male,yes\n",
            headers={"content-type": "text/csv"},
        )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("The body cannot be screened: unknown column 'bogus_col'")


async def test_a_cds_request_with_many_bad_fields_lists_every_one() -> None:
    feedback = {"feedback": [{"card": str(number)} for number in range(30)]}
    async with client() as http:
        response = await http.post(f"/cds-services/{SERVICE_ID}/feedback", json=feedback)
    assert response.status_code == 400
    body = response.json()
    count = len(body["errors"])
    assert count > 30
    assert body["detail"] == f"The CDS Hooks request has {count} bad fields; see 'errors'."


async def test_a_missing_prefetch_is_a_412_problem_in_the_errors_own_words() -> None:
    call = {
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/1", "patientId": "p1"},
    }
    async with client() as http:
        response = await http.post(f"/cds-services/{SERVICE_ID}", json=call)
    assert response.status_code == 412
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.json()["detail"].startswith("The request has no 'intake' prefetch")
    assert response.json()["type"] == TYPE_PREFIX + "precondition-failed"
