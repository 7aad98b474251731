"""Run the benchmarks, print a table and write the figures as JSON under `benchmarks/results/`.

    python -m benchmarks.run                  # everything: in-process, memory, HTTP, screening
    python -m benchmarks.run --quick          # a small in-process run (well under a minute)
    python -m benchmarks.run --quick --check-ratio 5   # CI: fail unless reuse is 5x the naive way

`make bench` and `make bench-quick` run the first two.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import httpload, inprocess, memory, report, screening

RESULTS = Path(__file__).parent / "results"


def main(argv: Sequence[str] | None = None) -> int:
    """Run what the options ask for; exit 1 when a `--check-ratio` bar is not met."""
    options = _parser().parse_args(argv)
    started = time.time()
    results: dict[str, Any] = {"machine": machine(), "quick": options.quick}

    sizes = inprocess.QUICK if options.quick else inprocess.FULL
    comparisons = inprocess.run(sizes)
    results["in_process"] = [
        {"reused": c.reused.as_dict(), "naive": c.naive.as_dict(), "speed_up": c.speed_up}
        for c in comparisons
    ]
    print(report.in_process(comparisons), flush=True)

    if not options.quick and not options.in_process_only:
        soak = memory.run(options.soak)
        results["memory_in_process"] = soak
        print(report.memory(soak), flush=True)

        served = httpload.run(duration=options.duration, soak=options.soak)
        results["http"] = served
        print(report.http(served), flush=True)

        screened = screening.run(screening.FULL_ROWS)
        results["screening"] = screened
        print(screening.table(screened), flush=True)

    results["seconds"] = round(time.time() - started, 1)
    path = write(results)
    print(f"\nFigures written to {path}")

    if options.check_ratio is not None:
        slowest = min(comparisons[:2], key=lambda c: c.speed_up)
        verdict = "ok" if slowest.speed_up >= options.check_ratio else "TOO SLOW"
        print(
            f"check: reused-engine assess is {slowest.speed_up:.1f}x the naive pattern "
            f"({slowest.reused.name}); bar {options.check_ratio:g}x: {verdict}"
        )
        if slowest.speed_up < options.check_ratio:
            return 1
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small in-process run only")
    parser.add_argument(
        "--check-ratio",
        type=float,
        metavar="N",
        help="exit 1 unless assess on reused engines is N times faster than a new engine each",
    )
    parser.add_argument(
        "--in-process-only", action="store_true", help="skip the memory and HTTP parts"
    )
    parser.add_argument(
        "--duration", type=int, default=10, help="seconds of load per HTTP cell (default 10)"
    )
    parser.add_argument(
        "--soak",
        type=int,
        default=memory.FULL_COUNT,
        help="assessments before memory is read again, in process and per server (100000)",
    )
    return parser


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def write(results: dict[str, Any]) -> Path:
    """Write the results as `results/<UTC time>.json` and `results/latest.json`."""
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{stamp}{'-quick' if results['quick'] else ''}.json"
    text = json.dumps(results, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
    (RESULTS / "latest.json").write_text(text + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.exit(main())
