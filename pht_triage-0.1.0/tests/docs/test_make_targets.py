"""`make docs` builds the site strictly with the project's own MkDocs, after the usual set-up, and
`make docs-serve` serves it on the loopback address only."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT


def _dry_run(folder: Path, *args: str) -> str:
    if shutil.which("make") is None:  # pragma: no cover
        pytest.skip("make is not installed")
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    make = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(folder), "-n"]
    done = subprocess.run(
        [*make, *args, f"PYTHON={sys.executable}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_make_docs_sets_up_then_builds_strictly(tmp_path: Path) -> None:
    out = _dry_run(tmp_path, "docs")
    assert "pip install --quiet -e '.[dev]'" in out
    assert out.rstrip().endswith(".venv/bin/mkdocs build --strict")


def test_make_docs_serve_listens_on_the_loopback_address(tmp_path: Path) -> None:
    out = _dry_run(tmp_path, "docs-serve", "DOCS_PORT=9124")
    assert ".venv/bin/mkdocs serve --strict --dev-addr 127.0.0.1:9124" in out
