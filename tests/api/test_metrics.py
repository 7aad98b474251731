"""`GET /metrics`: requests by route and status, assessments by level, the screening pool and
rate-limit refusals, summed over a real server's workers; never an answer, an id or a key."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import httpx
import pytest

from api.examples import EMERGENCY, RUNNER
from tests.api.support import client, serving
from tests.processes import descendants

CSV = "id,age,sex,saddle_numbness\nSECRET-ID-77,41,female,yes\n"


def _metrics_folder(pid: int) -> str | None:
    """The metrics folder a process was started with (a worker inherits it from `triage serve`)."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return None
    for entry in environ:
        name, _, value = entry.partition(b"=")
        if name == b"PROMETHEUS_MULTIPROC_DIR":
            return value.decode()
    return None


def _value(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


@pytest.mark.anyio
async def test_metrics_count_requests_by_route_and_status_and_assessments_by_level() -> None:
    async with client() as http:
        before = (await http.get("/metrics")).text
        await http.post("/v1/assessments", json=RUNNER)
        await http.post("/v1/assessments/batch", json={"intakes": [EMERGENCY, RUNNER]})
        await http.get("/cds-services/no-such-service")
        after = await http.get("/metrics")
    assert after.headers["content-type"].startswith("text/plain")
    text = after.text

    def grew(name: str, **labels: str) -> float:
        return _value(text, name, **labels) - _value(before, name, **labels)

    assert grew("triage_http_requests_total", route="/v1/assessments", status="200") == 1
    assert grew("triage_assessments_total", level="emergency") == 1
    assert grew("triage_assessments_total", route="/v1/assessments/batch") == 2
    assert grew("triage_http_request_duration_seconds_count", route="/v1/assessments") == 1
    assert 'route="/cds-services/{service_id}"' in text and "no-such-service" not in text


@pytest.mark.slow
def test_a_two_worker_server_sums_every_worker_and_names_no_answer_id_or_key(
    tmp_path: Path,
) -> None:
    key, scraper = "metrics-test-key", "scraper-key"  # the scraper with an allowance of its own
    keys = tmp_path / "keys"
    keys.write_text("".join(hashlib.sha256(k.encode()).hexdigest() + "\n" for k in (key, scraper)))
    # 40 a minute: the 21 calls before the screening never reach it, however the kernel spreads
    # their connections over the two workers; the 45 after it, on one connection, pass it.
    env = {"TRIAGE_API_KEYS_FILE": str(keys), "TRIAGE_API_RATE_LIMIT": "40/minute"}
    headers = {"x-api-key": key}
    with (
        serving(tmp_path, "--workers", "2", env=env) as server,
        httpx.Client(base_url=server.base, timeout=30) as http,
    ):
        for _ in range(20):  # over new connections, so that both workers answer some
            httpx.post(f"{server.base}/v1/assessments", json=RUNNER, headers=headers)
        screened = http.post(
            "/v1/screenings", content=CSV, headers={**headers, "content-type": "text/csv"}
        )
        for _ in range(45):
            http.get("/v1/version", headers=headers)
        refused = http.get("/metrics")
        text = http.get("/metrics", headers={"x-api-key": scraper}).text
        folders = {_metrics_folder(pid) for pid in descendants(server.process.pid)} - {None}
    assert len(folders) == 1
    assert not Path(str(folders.pop())).exists(), "the metrics folder should go with the server"
    assert screened.status_code == 200 and refused.status_code == 401
    assert _value(text, "triage_http_requests_total", route="/v1/assessments") == 20
    assert _value(text, "triage_assessments_total", route="/v1/screenings") == 1
    assert _value(text, "triage_rate_limit_refusals_total", limit="rate") >= 1
    assert _value(text, "triage_screening_processes") >= 1
    assert "triage_screening_pool_restarts_total" in text
    assert "SECRET-ID-77" not in text and key not in text
    assert not re.search(r'"\d+\.\d+\.\d+\.\d+"', text), "no client address in a label"
    assert json.dumps(RUNNER["answers"])[:20] not in text
