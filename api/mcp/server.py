"""The MCP server: the tools, resources and prompt, with instructions for the model."""

from __future__ import annotations

import logging
from importlib.metadata import version
from typing import Any

from mcp.server.mcpserver import MCPServer

from api.mcp.descriptions import INSTRUCTIONS
from api.mcp.resources import add_resources
from api.mcp.tools import tools
from triage import Triage

NAME = "pht-triage"


class TriageServer(MCPServer[Any]):
    """The MCP server, with the `Triage` its tools run (the app's own)."""

    triage: Triage


def build_server(triage: Triage) -> TriageServer:
    """A new MCP server for the rule base, running `triage`; it keeps no state between calls.

    The SDK's server configures the root logger when it is made (`logging.basicConfig`); the
    service's logging is its own, so the root logger is put back as it was.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    server = TriageServer(
        NAME,
        title="PHT triage",
        description="Rule-based triage for proximal hamstring tendinopathy (pain at the sit bone).",
        instructions=INSTRUCTIONS,
        version=version("pht-triage"),
        tools=tools(),
        log_level="WARNING",
    )
    server.triage = triage
    root.handlers[:] = handlers
    root.setLevel(level)
    add_resources(server)
    return server
