"""The packages import in any order, and `from triage import assess` gives the library call."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "first",
    ["rules.red_flags", "rules", "triage", "triage.assessment.pipeline", "triage.cli", "rules.advice"],
)
def test_packages_import_in_any_order(first: str) -> None:
    code = f"import {first}; from triage import assess; print(assess.__module__)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "triage.assessment.pipeline"


def test_from_triage_import_assess_is_the_function() -> None:
    from triage import assess

    assert callable(assess)
    assert assess({"answers": {}}).red_flag_screen.complete is False
