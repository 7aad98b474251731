"""Memory soak: resident size of one process before and after many assessments.

Run in a fresh interpreter (`python -m benchmarks.memory --count N` prints JSON), so that nothing
else the benchmark did is counted. After a warm-up it records the resident set size (RSS) at
checkpoints while assessing realistic intakes, full and sparse in turn. Growth is the last
checkpoint minus the one after warm-up; `NO_GROWTH_MIB` allows for the allocator's noise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from itertools import cycle, islice
from typing import Any

FULL_COUNT = 100_000
WARM_UP = 2_000
DISTINCT = 4_000
NO_GROWTH_MIB = 2.0
"""Growth under this many MiB over the soak counts as none."""


def rss_mib(pid: int | str = "self") -> float:
    """Resident set size of a process, in MiB (from /proc)."""
    with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def soak(count: int) -> dict[str, Any]:
    """Assess `count` intakes after a warm-up, recording RSS at checkpoints."""
    from benchmarks.intakes import distinct, full_intake, sparse_intake
    from triage import assess, default

    default().engines.warm()
    half = DISTINCT // 2
    intakes = [
        intake
        for pair in zip(
            distinct(full_intake, half, 11), distinct(sparse_intake, half, 12), strict=True
        )
        for intake in pair
    ]
    for intake in islice(cycle(intakes), WARM_UP):
        assess(intake)
    checkpoints = [{"assessments": 0, "rss_mib": rss_mib()}]
    marks = sorted({count // 10, count // 4, count // 2, 3 * count // 4, count} - {0})
    done = 0
    stream = cycle(intakes)
    for mark in marks:
        for intake in islice(stream, mark - done):
            assess(intake)
        done = mark
        checkpoints.append({"assessments": done, "rss_mib": rss_mib()})
    growth = checkpoints[-1]["rss_mib"] - checkpoints[0]["rss_mib"]
    return {
        "assessments": count,
        "warm_up": WARM_UP,
        "distinct_intakes": len(intakes),
        "checkpoints": checkpoints,
        "growth_mib": growth,
        "no_growth": growth < NO_GROWTH_MIB,
    }


def run(count: int) -> dict[str, Any]:
    """The soak in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", "--count", str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main(argv: Sequence[str] | None = None) -> None:
    """Print the soak's figures as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory")
    parser.add_argument("--count", type=int, default=FULL_COUNT)
    options = parser.parse_args(argv)
    print(json.dumps(soak(options.count)))


if __name__ == "__main__":
    main()
