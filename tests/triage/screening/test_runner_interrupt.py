"""Faults on a real `triage screen` process: Ctrl-C stops it cleanly, its output a valid, ordered
prefix and a last row saying it is incomplete; a worker process killed mid-run is replaced."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.intakes import distinct, full_intake, table_rows
from tests.processes import screening_processes
from triage.screening.results import COLUMNS

ROWS = 20_000
"""More rows than two jobs screen in the moments before the signal."""


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_writes_every_completed_row_in_order_and_says_how_far_it_got(
    tmp_path: Path, jobs: int
) -> None:
    source = tmp_path / "forms.csv"
    _write_forms(source, ROWS)
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
    *screened, last = written[1:]
    ids = [row[0] for row in screened]
    assert 0 < len(ids) < ROWS
    assert ids == [f"R{n + 1}" for n in range(len(ids))]
    assert all(len(row) == len(COLUMNS) and row[1] for row in screened)
    assert last[0] == "" and last[1] == ""
    assert f"incomplete: interrupted; {len(ids)} rows were written before this line" in last[-1]
    assert f"the output holds the first {len(ids):,} rows" in err
    assert "the output is incomplete" in err
    assert "Traceback" not in err


def _write_forms(source: Path, count: int) -> None:
    with source.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        header, *rows = table_rows(distinct(full_intake, 500, seed=21))
        writer.writerow(header)
        for n in range(count):
            writer.writerow([f"R{n + 1}", *rows[n % len(rows)][1:]])


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


@pytest.mark.slow
def test_a_worker_process_killed_mid_run_is_replaced_and_every_row_is_written(
    tmp_path: Path,
) -> None:
    rows = 6_000
    source = tmp_path / "forms.csv"
    _write_forms(source, rows)
    output = tmp_path / "results.csv"
    summary = tmp_path / "summary.json"
    command = ["screen", str(source), "-o", str(output), "--jobs", "2", "--no-progress"]
    process = subprocess.Popen(
        [sys.executable, "-m", "triage", *command, "--summary-json", str(summary)],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while _size(output) < 20_000:
        assert process.poll() is None, "the run ended before a worker could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    workers = screening_processes(process.pid)
    assert workers, "no worker process found"
    os.kill(workers[0], signal.SIGKILL)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    with output.open(encoding="utf-8", newline="") as stream:
        written = list(csv.reader(stream))
    assert [row[0] for row in written[1:]] == [f"R{n + 1}" for n in range(rows)]
    assert all(row[1] for row in written[1:]), "every row screened again, none failed"
    assert json.loads(summary.read_text())["complete"] is True
