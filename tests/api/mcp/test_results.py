"""Emergencies word for word (issue 21, point 3): every result whose triage is an emergency carries
`relay`, the triage's own words, in its structured content and as the first text block, for the
user at the highest priority; no other result does. Checked on every rule's witness."""

from __future__ import annotations

from typing import Any

import pytest
from mcp.types import CallToolResult

from api.mcp.results import relay
from rules.scale import DISPOSITIONS, Level
from tests.api.mcp.support import connected, content
from triage import assess
from triage.devtools.witness import find_witnesses
from triage.models import TriageResult

pytestmark = pytest.mark.anyio


def _relayed(result: CallToolResult, triage: dict[str, Any]) -> str | None:
    """The relay of a result, checked against its triage and its first block."""
    found = content(result)["relay"]
    first = result.content[0]
    assert first.type == "text"
    if Level(triage["level"]).is_emergency():
        assert found == "\n".join([triage["see"], triage["within"], *triage["reasons"]])
        assert first.text == found
        assert first.annotations is not None
        assert (first.annotations.audience, first.annotations.priority) == (["user"], 1.0)
    else:
        assert found is None
        assert first.annotations is not None and first.annotations.audience == ["assistant"]
    return found  # type: ignore[no-any-return]


def test_the_relay_is_the_triage_own_words_and_only_for_an_emergency() -> None:
    for level, referral in DISPOSITIONS.items():
        triage = TriageResult(
            level=level, see=referral.see, within=referral.within, reasons=["Why."]
        )
        expected = f"{referral.see}\n{referral.within}\nWhy." if level.is_emergency() else None
        assert relay(triage) == expected


@pytest.mark.slow
async def test_every_emergency_rule_witness_is_relayed_by_assess_and_interview_step() -> None:
    witnesses = {rule: intake for rule, intake in find_witnesses(seconds=0).found.items() if intake}
    emergency_rules: set[str] = set()
    async with connected() as mcp:
        for rule, intake in witnesses.items():
            assessment = assess(intake)
            if any(f.rule == rule and f.level.is_emergency() for f in assessment.red_flags):
                emergency_rules.add(rule)
            assessed = await mcp.call_tool("assess", {"intake": intake})
            triage = content(assessed)["triage"]
            assert (
                _relayed(assessed, triage) is not None
            ) == assessment.triage.level.is_emergency()
            stepped = await mcp.call_tool("interview_step", intake)
            _relayed(stepped, content(stepped)["triage"])
    assert len(emergency_rules) >= 5, emergency_rules


async def test_an_emergency_step_relays_and_stops_or_asks_only_about_the_ambulance() -> None:
    async with connected() as mcp:
        stepped = content(
            await mcp.call_tool("interview_step", {"answers": {"saddle_numbness": "yes"}})
        )
        ambulance = content(
            await mcp.call_tool(
                "interview_step",
                {"answers": {"saddle_numbness": "yes", "breathless_or_chest_pain": "yes"}},
            )
        )
    assert stepped["relay"].startswith("Go to an emergency department")
    assert (stepped["should_stop"], stepped["question"]["id"]) == (
        False,
        "breathless_or_chest_pain",
    )
    assert ambulance["triage"]["level"] == "emergency_ambulance"
    assert ambulance["relay"].startswith("Call an ambulance")
    assert ambulance["should_stop"] is True
