"""Two checkouts of the service over HTTP, in turn: is a change slower than the tree before it?

    python -m benchmarks.compare BEFORE AFTER                  # 6 rounds, 1 worker, 16 connections
    python -m benchmarks.compare BEFORE AFTER --rounds 3 --workers 2 --connections 64

BEFORE and AFTER are checkouts of this project, each set up with its own `.venv` (`make setup`
there; a git worktree of an older commit will do). Each round starts uvicorn from one checkout,
then the other, with the settings of `make bench` (`benchmarks.httpload`), warms it up and loads
`POST /v1/assessments` with wrk for `--seconds`, with distinct realistic full intakes, then stops
it. The development machine's speed drifts by up to a fifth within minutes, so figures taken at
different times cannot be compared; taken in turn, round by round, both trees meet the same drift.
Prints each cell (requests/s, the server's CPU milliseconds per request, p50 and p99) and then
the mean of each tree and the change, as a line of JSON last.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from statistics import mean
from typing import Any

from benchmarks import httpload

WARM_UP_SECONDS = 2


def cpu_seconds(pids: Sequence[int]) -> float:
    """User and system CPU seconds the processes have used so far (from /proc)."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def cell(tree: Path, endpoint: httpload.Endpoint, options: argparse.Namespace) -> dict[str, Any]:
    """One load of one checkout's service: its figures, and the server's CPU per request."""
    with httpload.serve(httpload.SERVICE, options.workers, checkout=tree) as server:
        httpload.load(options.wrk, server.url, endpoint, options.connections, WARM_UP_SECONDS)
        before = cpu_seconds(server.workers)
        figures = httpload.load(
            options.wrk, server.url, endpoint, options.connections, options.seconds
        )
        figures["cpu_ms_per_request"] = (
            (cpu_seconds(server.workers) - before) * 1e3 / figures["requests"]
        )
        return figures


def main(argv: Sequence[str] | None = None) -> None:
    """Load both checkouts in turn for every round; print the cells and the means."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__)
    parser.add_argument("before", type=Path, help="the checkout before the change")
    parser.add_argument("after", type=Path, help="the checkout with the change")
    parser.add_argument("--rounds", type=int, default=6, help="loads of each checkout (6)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers (1)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--seconds", type=int, default=5, help="length of each load (5)")
    options = parser.parse_args(argv)
    options.wrk = httpload.ensure_wrk()
    trees = {"before": options.before.resolve(), "after": options.after.resolve()}
    with tempfile.TemporaryDirectory() as folder:
        bodies = httpload.write_bodies(Path(folder))["full"]
        endpoint = httpload.Endpoint("assess", httpload.SERVICE, "/v1/assessments", bodies)
        rates: dict[str, list[float]] = {name: [] for name in trees}
        cpu: dict[str, list[float]] = {name: [] for name in trees}
        for round_number in range(1, options.rounds + 1):
            for name, tree in trees.items():
                figures = cell(tree, endpoint, options)
                rates[name].append(figures["requests_per_second"])
                cpu[name].append(figures["cpu_ms_per_request"])
                print(
                    f"round {round_number} {name:6s} {figures['requests_per_second']:7,.0f} req/s  "
                    f"{figures['cpu_ms_per_request']:.2f} ms CPU/request  p50 "
                    f"{figures['p50_ms']:.1f} ms  p99 {figures['p99_ms']:.1f} ms  "
                    f"errors {figures['errors']}  load {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
    means = {name: mean(rates[name]) for name in trees}
    change = means["after"] / means["before"]
    summary: dict[str, Any] = {
        name: {
            "requests_per_second": [round(r) for r in rates[name]],
            "mean_requests_per_second": round(means[name], 1),
            "mean_cpu_ms_per_request": round(mean(cpu[name]), 3),
        }
        for name in trees
    }
    summary["after_of_before"] = round(change, 3)
    summary["settings"] = {k: getattr(options, k) for k in ("workers", "connections", "seconds")}
    print(
        f"mean: before {means['before']:,.0f} req/s, after {means['after']:,.0f} req/s "
        f"({change:.1%} of before)"
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
