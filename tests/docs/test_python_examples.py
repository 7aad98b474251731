"""Every Python example in the README and the docs runs, with pytest-examples: what it prints must
be what its `#>` comments show, and it must pass ruff with the project's own rules (so that it
passes `make lint` when copied into the project). An example written as a test module (its
functions named `test_...`) has each of its tests called."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import mypy.api
import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from tests.docs.blocks import pages
from tests.paths import ROOT

EXAMPLES = list(find_examples(*pages()))

_RUFF = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
RUFF_SELECT: list[str] = _RUFF["select"]
RUFF_IGNORE: list[str] = _RUFF["ignore"]
"""The project's own ruff rules, so that an example copied into the project passes `make lint`."""


def test_the_docs_hold_python_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_a_python_example_runs_and_prints_what_the_page_shows(
    example: CodeExample, eval_example: EvalExample
) -> None:
    eval_example.set_config(
        line_length=100, target_version="py310", ruff_select=RUFF_SELECT, ruff_ignore=RUFF_IGNORE
    )
    eval_example.lint_ruff(example)
    with raised_in(example):
        found = eval_example.run_print_check(example)
        tests = [v for name, v in found.items() if name.startswith("test_") and callable(v)]
        for test in tests:
            test()


@contextmanager
def raised_in(example: CodeExample) -> Iterator[None]:
    """Report an exception the example raised as a failure naming the page's line and the error.

    Left alone, it fails the whole run instead: pytest cannot format a traceback through the
    example's code, compiled at the page's line numbers (an INTERNALERROR on Python 3.11)."""
    try:
        yield
    except Exception as error:
        lines = []
        frame = error.__traceback__
        while frame is not None:
            if frame.tb_frame.f_code.co_filename == str(example.path):
                lines.append(frame.tb_lineno)
            frame = frame.tb_next
        raise AssertionError(f"{example} raised at line {lines}: {error!r}") from None


@pytest.mark.slow
def test_every_python_example_passes_mypy_as_the_project_checks_its_own_code(
    tmp_path: Path,
) -> None:
    """`make lint` runs mypy too: an example copied into the project must pass it (one mypy run)."""
    for number, example in enumerate(EXAMPLES):
        (tmp_path / f"example_{number}.py").write_text(example.source, encoding="utf-8")
    config = [
        "--config-file",
        str(ROOT / "pyproject.toml"),
        "--cache-dir",
        str(ROOT / ".mypy_cache"),
    ]
    out, err, status = mypy.api.run([*config, *map(str, sorted(tmp_path.glob("example_*.py")))])

    def on_the_page(found: re.Match[str]) -> str:
        example = EXAMPLES[int(found[1])]
        return f"{example.path.relative_to(ROOT)}:{example.start_line + int(found[2])}:"

    assert status == 0, re.sub(r"^\S*example_(\d+)\.py:(\d+):", on_the_page, out, flags=re.M) + err
