"""Ctrl-C on a real `triage screen` process: it stops cleanly, its output a valid, ordered prefix."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.intakes import distinct, full_intake, table_rows
from triage.screening.results import COLUMNS

ROWS = 20_000
"""More rows than two jobs screen in the moments before the signal."""


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_writes_every_completed_row_in_order_and_says_how_far_it_got(
    tmp_path: Path, jobs: int
) -> None:
    intakes = distinct(full_intake, 500, seed=21)
    source = tmp_path / "forms.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        header, *rows = table_rows(intakes)
        writer.writerow(header)
        for n in range(ROWS):
            writer.writerow([f"R{n + 1}", *rows[n % len(rows)][1:]])
    output = tmp_path / "results.csv"
    command = ["screen", str(source), "-o", str(output), "--jobs", str(jobs), "--no-progress"]
    # A session of its own, so that Ctrl-C can go to the whole group, workers too, as a terminal does.
    process = subprocess.Popen(
        [sys.executable, "-m", "triage", *command],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while _size(output) < 100_000:
        assert process.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    with output.open(encoding="utf-8", newline="") as stream:
        written = list(csv.reader(stream))
    assert written[0] == list(COLUMNS)
    ids = [row[0] for row in written[1:]]
    assert 0 < len(ids) < ROWS
    assert ids == [f"R{n + 1}" for n in range(len(ids))]
    assert all(len(row) == len(COLUMNS) and row[1] for row in written[1:])
    assert f"the output holds the first {len(ids):,} rows" in err
    assert "Traceback" not in err


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0
