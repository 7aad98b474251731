"""Examples that could not be run are not hidden in plain shell blocks: a `triage` command or a
`curl` request shown to a reader is in a console block, which the tests run."""

from __future__ import annotations

import re

from tests.docs.blocks import blocks

NOT_RUN = re.compile(r"^(?:\.venv/bin/)?triage serve\b")
"""The one command shown but not run by the examples' tests: it serves until stopped (the HTTP
examples run against a real `triage serve` instead)."""


def test_every_triage_command_and_curl_request_is_in_a_console_block() -> None:
    hidden = []
    for block in blocks("sh", "bash", "shell", "text", ""):
        for line in block.text.splitlines():
            command = line.strip().removeprefix("$ ")
            if re.match(r"^(?:\.venv/bin/)?triage\b|^curl\b", command) and not NOT_RUN.match(
                command
            ):
                hidden.append(f"{block.name}: {command}")
    assert not hidden, "show these in ```console blocks, which the tests run:\n" + "\n".join(hidden)
