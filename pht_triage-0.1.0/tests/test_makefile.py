"""The Makefile's set-up: a clear stop on an old Python, a new .venv for another Python, PORT=."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def _make(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(folder), *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if shutil.which("make") is None:  # pragma: no cover
        pytest.skip("make is not installed")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_an_old_python_stops_the_set_up_with_a_message_and_makes_nothing(project: Path) -> None:
    old = project / "python-old"
    old.write_text('#!/bin/sh\n[ "$1" = --version ] && echo "Python 3.9.18" && exit 0\nexit 1\n')
    old.chmod(0o755)
    result = _make(project, "setup", f"PYTHON={old}")
    assert result.returncode != 0
    assert "needs Python 3.11 or newer" in result.stderr
    assert "Python 3.9.18" in result.stderr
    assert not (project / ".venv").exists()


def test_a_venv_made_by_another_python_is_made_again(project: Path) -> None:
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    other = bin_dir / "python"
    other.write_text("#!/bin/sh\necho /opt/other-python 3 12 0\n")
    other.chmod(0o755)
    (project / ".venv" / ".installed-stamp").touch()
    result = _make(project, "-n", "setup", f"PYTHON={sys.executable}")
    # The recipe compares the two identities and removes .venv when they differ, then makes it again.
    assert '"/opt/other-python 3 12 0" ]; then rm -rf .venv' in result.stdout
    assert f"{sys.executable} -m venv .venv" in result.stdout


def test_a_venv_made_by_this_python_and_stamped_is_reused(project: Path) -> None:
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    (project / ".venv" / ".installed-stamp").touch()
    result = _make(project, "-n", "setup", f"PYTHON={sys.executable}")
    assert result.returncode == 0
    assert "-m venv" not in result.stdout


def test_make_serve_passes_port_to_triage_serve(project: Path) -> None:
    result = _make(project, "-n", "serve", "PORT=9123", f"PYTHON={sys.executable}")
    assert ".venv/bin/triage serve --port 9123" in result.stdout
