"""`/v1/assessments` and `/v1/assessments/batch`: the contract's assessment, one or many, in order."""

from __future__ import annotations

import pytest

from api.examples import EMERGENCY, MISTYPED, RUNNER
from api.settings import Settings
from tests.api.support import client, make_app
from triage import assess
from triage.models import Assessment

pytestmark = pytest.mark.anyio


async def test_one_intake_gets_the_same_assessment_as_the_library() -> None:
    async with client() as http:
        response = await http.post("/v1/assessments", json=RUNNER)
    assert response.status_code == 200
    assert response.json() == assess(RUNNER).model_dump(mode="json")


async def test_an_assessment_carries_every_top_level_part_of_the_contract() -> None:
    async with client() as http:
        body = (await http.post("/v1/assessments", json={"answers": {}})).json()
    assert set(Assessment.model_fields) <= set(body)


async def test_an_assessment_response_is_never_stored_by_caches() -> None:
    async with client() as http:
        response = await http.post("/v1/assessments", json=RUNNER)
    assert response.headers["cache-control"] == "no-store"


async def test_a_batch_returns_one_result_per_intake_in_the_order_sent() -> None:
    intakes = [RUNNER, EMERGENCY, {"answers": {"sit_bone_pain": "no"}}]
    async with client() as http:
        response = await http.post("/v1/assessments/batch", json={"intakes": intakes})
    body = response.json()
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert [item["index"] for item in body["results"]] == [0, 1, 2]
    levels = [item["assessment"]["triage"]["level"] for item in body["results"]]
    assert levels == [assess(intake).triage.level.value for intake in intakes]
    assert (body["assessed"], body["rejected"]) == (3, 0)


async def test_a_bad_intake_in_a_batch_gets_its_own_error_and_the_others_are_assessed() -> None:
    intakes = [RUNNER, MISTYPED, "not an intake", EMERGENCY]
    async with client() as http:
        body = (await http.post("/v1/assessments/batch", json={"intakes": intakes})).json()
    results = body["results"]
    assert [r["error"] is None for r in results] == [True, False, False, True]
    assert results[0]["assessment"] and results[3]["assessment"]
    mistyped = results[1]["error"]
    assert mistyped["status"] == 422
    assert mistyped["errors"][0]["path"] == "intakes.1.answers.sit_bone_pian"
    assert mistyped["errors"][0]["suggestion"] == "sit_bone_pain"
    assert results[2]["error"]["errors"][0]["path"] == "intakes.2"
    assert (body["assessed"], body["rejected"]) == (2, 2)


async def test_an_empty_batch_is_an_empty_result() -> None:
    async with client() as http:
        body = (await http.post("/v1/assessments/batch", json={"intakes": []})).json()
    assert body == {"results": [], "assessed": 0, "rejected": 0}


async def test_a_full_batch_of_a_thousand_intakes_fits_the_default_body_limit() -> None:
    default_limit = Settings.model_fields["max_body_bytes"].default
    async with client(make_app(max_body_bytes=default_limit)) as http:
        response = await http.post("/v1/assessments/batch", json={"intakes": [RUNNER] * 1000})
    assert response.status_code == 200
    assert response.json()["assessed"] == 1000


async def test_an_age_written_as_a_whole_float_is_accepted_as_json_allows() -> None:
    async with client() as http:
        whole = await http.post("/v1/assessments", json={"age": 34.0, "answers": {}})
        fraction = await http.post("/v1/assessments", json={"age": 34.5, "answers": {}})
    assert whole.status_code == 200
    assert fraction.status_code == 422
