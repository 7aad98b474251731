"""`triage mcp`: the server on standard input and output, played by the SDK's client as a desktop
host starts it (a subprocess), on the 2026-07-28 protocol and on the 2025-11-25 one."""

from __future__ import annotations

import sys

import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.api.mcp.support import Person, content, mcp_step, play, problem_of
from tests.scenarios import load_scenarios
from triage.cli import main

pytestmark = pytest.mark.anyio

COMMAND = StdioServerParameters(command=sys.executable, args=["-m", "triage", "mcp"])


def test_triage_lists_the_mcp_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "mcp" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_a_desktop_host_plays_a_conversation_with_forms_over_stdio(mode: str) -> None:
    scenario = next(s for s in load_scenarios() if s.name == "cauda_equina")
    async with Client(COMMAND, mode=mode, elicitation_callback=Person(scenario.intake)) as mcp:
        first = content(await mcp.call_tool("interview_step", {"grouped": True}))
        _, last = await play(mcp_step(mcp), scenario.intake, grouped=True)
        bad = problem_of(
            await mcp.call_tool("assess", {"intake": {"answers": {"sit_bone_pian": "yes"}}})
        )
    assert first["form"]["answers"]["saddle_numbness"] == "yes"
    assert last["triage"]["level"] == scenario.expect["level"] == "emergency"
    assert last["relay"] is not None
    assert bad["errors"][0]["suggestion"] == "sit_bone_pain"
