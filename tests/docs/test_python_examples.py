"""Every Python example in the README and the docs runs, with pytest-examples: what it prints must
be what its `#>` comments show, and it must pass ruff. An example written as a test module (its
functions named `test_...`) has each of its tests called."""

from __future__ import annotations

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from tests.docs.blocks import pages

EXAMPLES = list(find_examples(*pages()))


def test_the_docs_hold_python_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_a_python_example_runs_and_prints_what_the_page_shows(
    example: CodeExample, eval_example: EvalExample
) -> None:
    eval_example.set_config(line_length=100, target_version="py310")
    eval_example.lint_ruff(example)
    found = eval_example.run_print_check(example)
    tests = [value for name, value in found.items() if name.startswith("test_") and callable(value)]
    for test in tests:
        test()
