"""The clinical scenarios of `tests/cases/scenarios`, loaded for the tests that replay them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCENARIO_DIR = Path(__file__).parent / "cases" / "scenarios"


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named intake and what the assessment of it must show."""

    name: str
    description: str
    intake: dict[str, Any]
    expect: dict[str, Any]


def load_scenarios() -> list[Scenario]:
    """Every scenario, in name order."""
    scenarios = []
    for path in sorted(SCENARIO_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        scenarios.append(
            Scenario(data["name"], data["description"], data["intake"], data["expect"])
        )
    return scenarios
