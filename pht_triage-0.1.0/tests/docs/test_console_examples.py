"""Every console example in the README and the docs is run, and what it prints is compared with
what the page shows: the `triage` commands in a folder holding the project's examples, the `curl`
requests against a real `triage serve`. A stale example fails here.

In a shown output a line `...` stands for any number of lines, `...` inside a line for any text,
and any rule-base version for any other (see `tests/docs/blocks.py`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.support import Served, serving
from tests.docs.blocks import Block, blocks, matches, steps
from tests.paths import ROOT

pytestmark = pytest.mark.slow

SHOWN_SERVER = "http://127.0.0.1:8000"
"""The address the examples show; the tests put the real server's in its place."""

CONSOLE = blocks("console")
HTTP = [block for block in CONSOLE if SHOWN_SERVER in block.text]
CLI = [block for block in CONSOLE if block not in HTTP]


def _environment() -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")}
    path = f"{Path(sys.executable).parent}{os.pathsep}{kept.get('PATH', '')}"
    return {**kept, "PATH": path, "PYTHONUNBUFFERED": "1", "COLUMNS": "100", "TERM": "dumb"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder like the project's root for the examples: its examples and its cases."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    return tmp_path


def run_block(block: Block, folder: Path, server: str = SHOWN_SERVER) -> None:
    """Run each command of a console block in turn and compare its output with the shown one."""
    for step in steps(block):
        command = step.command.replace(SHOWN_SERVER, server)
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=folder,
            env=_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=300,
            check=False,
        )
        assert matches(step.shown, done.stdout), (
            f"{block.name}: `{step.command}` printed:\n{done.stdout}\nthe page shows:\n{step.shown}"
        )


def test_the_docs_hold_console_examples_of_the_cli_and_of_http() -> None:
    assert len(CLI) >= 10
    assert len(HTTP) >= 5


@pytest.mark.parametrize("block", CLI, ids=[block.name for block in CLI])
def test_a_command_line_example_prints_what_the_page_shows(block: Block, folder: Path) -> None:
    run_block(block, folder)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One real `triage serve` for every HTTP example."""
    if shutil.which("curl") is None:  # pragma: no cover
        pytest.skip("curl is not installed (make curl installs Debian's package)")
    with serving(tmp_path_factory.mktemp("docs-server")) as served:
        yield served


@pytest.mark.parametrize("block", HTTP, ids=[block.name for block in HTTP])
def test_an_http_example_answers_what_the_page_shows(
    block: Block, folder: Path, server: Served
) -> None:
    run_block(block, folder, server.base)
