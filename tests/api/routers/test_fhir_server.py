"""A real `triage serve`: the FHIR routes and CDS Hooks answer over HTTP, and log no answers."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.api.support import Served, serving
from tests.triage.fhir.support import RUNNER_RESPONSE, validated
from triage.fhir.cds import SERVICE_ID

pytestmark = pytest.mark.slow

FHIR = {"content-type": "application/fhir+json"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serving(tmp_path_factory.mktemp("fhir"), "--log-level", "info") as served:
        yield served


def test_the_real_server_serves_the_questionnaire_and_assesses_a_response(server: Served) -> None:
    questionnaire = httpx.get(f"{server.base}/fhir/Questionnaire/pht-intake", timeout=10)
    assert questionnaire.headers["content-type"] == "application/fhir+json"
    validated(questionnaire.json())
    body = RUNNER_RESPONSE.read_bytes()
    risk = httpx.post(
        f"{server.base}/fhir/QuestionnaireResponse/$assess", content=body, headers=FHIR, timeout=10
    )
    assert risk.status_code == 200
    validated(risk.json())
    assert risk.json()["basis"] == [{"reference": "QuestionnaireResponse/runner-1"}]
    time.sleep(0.2)
    written = server.log.read_text(encoding="utf-8")
    assert '"POST /fhir/QuestionnaireResponse/%24assess HTTP/1.1" 200' in written or (
        '"POST /fhir/QuestionnaireResponse/$assess HTTP/1.1" 200' in written
    )
    assert "sit_bone" not in written
    assert "probabilityDecimal" not in written


def test_the_real_server_answers_a_cds_hooks_call(server: Served) -> None:
    response = json.loads(RUNNER_RESPONSE.read_text(encoding="utf-8"))
    call = {
        "hook": "patient-view",
        "hookInstance": "0f1c7a52-1c2e-4f3b-9d8e-2b1b3f4e5a6c",
        "context": {"userId": "Practitioner/example", "patientId": "example-runner"},
        "prefetch": {
            "intake": {
                "resourceType": "Bundle",
                "type": "searchset",
                "entry": [{"resource": response}],
            }
        },
    }
    answer = httpx.post(f"{server.base}/cds-services/{SERVICE_ID}", json=call, timeout=10)
    assert answer.status_code == 200
    [card] = answer.json()["cards"]
    assert card["indicator"] == "info"
    missing = httpx.post(
        f"{server.base}/cds-services/{SERVICE_ID}", json={**call, "prefetch": {}}, timeout=10
    )
    assert missing.status_code == 412
