"""Two checkouts' servers counted in instructions: the work a request costs, whatever the machine does.

    python -m benchmarks.instructions BEFORE AFTER                 # 400 requests, 16 connections
    python -m benchmarks.instructions BEFORE AFTER --requests 800 --connections 1

Timings on the development machine drift by up to a fifth within minutes, so a difference of a
few percent between two trees is hard to see in requests per second. valgrind's callgrind counts
the instructions a process runs, which repeat for the same program and input (and string
hashing, fixed here), however busy the machine is. Each checkout's service is started under
callgrind (both at once, each from its own `.venv`, with `make bench`'s uvicorn settings), warmed
up with `WARM_UP` requests, then its counters are zeroed, `--requests` distinct realistic full
intakes are posted to `POST /v1/assessments` over `--connections` connections, and the counters
are read. Prints the instructions per request of each tree (user space only: the kernel's share
is not counted) and, last, a line of JSON. Takes about three minutes; valgrind must be installed
(Debian's package).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from benchmarks import httpload

WARM_UP = 40
"""Requests before counting: the first ones build caches that later requests reuse."""

READY_WITHIN = 600
"""Seconds a server under callgrind may take to start (about a minute on the development machine)."""


async def post_all(url: str, bodies: list[str], connections: int) -> None:
    """Post every body to the URL, `connections` at a time; every answer must be a 200."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=600) as client:

        async def send() -> None:
            while not queue.empty():
                answer = await client.post(
                    url, content=queue.get_nowait(), headers={"content-type": "application/json"}
                )
                if answer.status_code != 200:
                    raise RuntimeError(f"{url} answered {answer.status_code}: {answer.text[:200]}")

        await asyncio.gather(*(send() for _ in range(connections)))


def dumped_instructions(path: Path) -> int:
    """The instruction total of one callgrind dump."""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise RuntimeError(f"{path} holds no instruction total")


def count(tree: Path, bodies: list[str], options: argparse.Namespace, folder: Path) -> float:
    """Instructions per request of one checkout's service, counted after its warm-up."""
    out = folder / f"{tree.name}.%p.out"
    under = ("valgrind", "--quiet", "--tool=callgrind", f"--callgrind-out-file={out}")
    with httpload.serve(
        httpload.SERVICE, 1, checkout=tree, under=under, ready_within=READY_WITHIN
    ) as server:
        url = f"{server.url}/v1/assessments"
        asyncio.run(post_all(url, bodies[:WARM_UP], options.connections))
        pid = str(server.process.pid)
        subprocess.run(["callgrind_control", "--zero", pid], check=True, capture_output=True)
        counted = bodies[WARM_UP : WARM_UP + options.requests]
        asyncio.run(post_all(url, counted, options.connections))
        subprocess.run(["callgrind_control", "--dump", pid], check=True, capture_output=True)
        dump = folder / f"{tree.name}.{pid}.out.1"
        return dumped_instructions(dump) / len(counted)


def main(argv: Sequence[str] | None = None) -> None:
    """Count both checkouts at once; print their instructions per request and the change."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions", description=__doc__)
    parser.add_argument("before", type=Path, help="the checkout before the change")
    parser.add_argument("after", type=Path, help="the checkout with the change")
    parser.add_argument("--requests", type=int, default=400, help="requests counted (400)")
    parser.add_argument("--connections", type=int, default=16, help="connections (16)")
    options = parser.parse_args(argv)
    for tool in ("valgrind", "callgrind_control"):
        if shutil.which(tool) is None:
            parser.error(f"{tool} is not installed (Debian: apt-get install valgrind)")
    # One string hashing for both servers, so that sets and dicts iterate alike on every run.
    os.environ["PYTHONHASHSEED"] = "0"
    trees = {"before": options.before.resolve(), "after": options.after.resolve()}
    if trees["before"].name == trees["after"].name:
        parser.error("the two checkouts need folders of different names")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        lines = httpload.write_bodies(folder)["full"].read_text(encoding="utf-8").splitlines()
        with ThreadPoolExecutor(len(trees)) as pool:
            running = {
                tree: pool.submit(count, path, lines, options, folder)
                for tree, path in trees.items()
            }
            counts = {tree: future.result() for tree, future in running.items()}
    change = counts["after"] / counts["before"]
    for tree, per_request in counts.items():
        print(f"{tree:6s} {per_request / 1e6:6.3f} million instructions a request")
    print(f"after is {change:.1%} of before")
    summary: dict[str, Any] = {
        "instructions_per_request": {tree: round(n) for tree, n in counts.items()},
        "after_of_before": round(change, 4),
        "settings": {"requests": options.requests, "connections": options.connections},
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
