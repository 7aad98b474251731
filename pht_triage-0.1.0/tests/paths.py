"""Where the tests find the project's files, wherever a test module sits under `tests/`."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The project's root folder."""

CASES = ROOT / "tests" / "cases"
"""The named clinical cases."""
