"""Two service instances behind HAProxy with one Redis: the rate limit holds across both (and
across the workers of each), kill -9 of one under load fails no more requests than it had in
flight, and a rolling restart fails none."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from api.examples import RUNNER
from tests.api.cluster import Cluster, Load, cluster, have_binaries

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not have_binaries(), reason="needs redis-server and haproxy: make services"),
]

LIMIT = 30
"""Requests a caller may make a minute, in all, whichever instance and worker answers."""

BODY = json.dumps(RUNNER).encode()


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with cluster(tmp_path_factory.mktemp("cluster"), f"{LIMIT}/minute") as started:
        yield started


def _served_by(running: Cluster) -> list[int]:
    return [i.log.read_text().count('"GET /v1/version') for i in running.instances]


def test_the_rate_limit_holds_across_both_instances_and_their_workers(running: Cluster) -> None:
    statuses: Counter[int] = Counter()
    with httpx.Client(base_url=running.base, timeout=10) as http:
        for _ in range(LIMIT + 15):
            answer = http.get("/v1/version", headers={"x-forwarded-for": "10.1.1.1"})
            statuses[answer.status_code] += 1
        other = http.get("/v1/version", headers={"x-forwarded-for": "10.1.1.2"})
    served = _served_by(running)
    print(f"\nthrough HAProxy: {dict(statuses)}; requests answered per instance: {served}")
    assert statuses == {200: LIMIT, 429: 15}
    assert all(count > 0 for count in served), "both instances should have answered"
    assert other.status_code == 200  # another caller has its own allowance


def test_kill_9_of_one_instance_under_load_fails_no_more_than_it_had_in_flight(
    running: Cluster,
) -> None:
    victim = running.instances[1]
    with Load(running.base, BODY, most=100_000) as load:
        time.sleep(1.5)
        victim.kill()
        time.sleep(1.5)
    victim.start()
    running.wait_all_up()
    print(f"\nkill -9 under load: {dict(load.outcomes)}")
    assert load.outcomes["200"] > 50
    # At most each client's one request in flight could have been on the killed instance.
    assert load.failed <= load.clients


def test_a_rolling_restart_fails_no_request(running: Cluster) -> None:
    with Load(running.base, BODY, most=100_000) as load:
        for instance in running.instances:
            time.sleep(1.0)
            instance.terminate()
            instance.start()
            running.wait_all_up()
        time.sleep(1.0)
    print(f"\nrolling restart under load: {dict(load.outcomes)}")
    assert load.outcomes["200"] > 50
    assert load.failed == 0
