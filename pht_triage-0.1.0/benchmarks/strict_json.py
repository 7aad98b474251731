"""What the strict JSON reader costs: a batch body of 1,000 full intakes, parsed three ways.

    python -m benchmarks.strict_json          # a few seconds; prints best and median per parse

It compares `json.loads` (what FastAPI would use) with `triage.files.strict_json.loads`, refusing
and marking repeated keys. The body is what `/v1/assessments/batch` receives at its limit.
"""

from __future__ import annotations

import json
import random
import statistics
import timeit
from collections.abc import Callable
from typing import Any

from benchmarks.intakes import full_intake
from triage.files.strict_json import loads

BATCH = 1000
PARSES = 20
REPEATS = 15


def main() -> None:
    """Print the body's size and the time of one parse by each reader."""
    rng = random.Random(1)
    body = json.dumps({"intakes": [full_intake(rng) for _ in range(BATCH)]}).encode()
    print(f"batch body: {BATCH:,} full intakes, {len(body):,} bytes")
    readers: dict[str, Callable[[], Any]] = {
        "json.loads": lambda: json.loads(body),
        "strict_json.loads": lambda: loads(body),
        "strict_json.loads (mark)": lambda: loads(body, on_repeat="mark"),
    }
    # The readers take turns, so that a change in the machine's load falls on all of them alike.
    runs: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(REPEATS):
        for name, parse in readers.items():
            runs[name].append(timeit.timeit(parse, number=PARSES) / PARSES * 1000)
    for name, times in runs.items():
        print(f"{name:<26} best {min(times):6.2f} ms   median {statistics.median(times):6.2f} ms")


if __name__ == "__main__":
    main()
