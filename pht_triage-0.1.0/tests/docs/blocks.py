"""What the documentation tests share: the pages, their fenced code blocks, and how a console
block's shown output is compared with what its commands print."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.paths import ROOT

DOCS = ROOT / "docs"
README = ROOT / "README.md"

FENCE = re.compile(r"^```([\w+-]*)([^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)

VERSION = re.compile(r"\d{4}\\\.\d{1,2}\\\.\d+")
"""A rule-base version (such as 2026.12.2) in an escaped expected line: any version matches."""

ANY_VERSION = r"\d{4}\.\d{1,2}\.\d+"

ELLIPSIS = "..."
"""In a shown output, a line of its own stands for any number of lines, and inside a line for
any text (a timing, a number that varies, the rest of a long line)."""


def pages() -> list[Path]:
    """The README and every Markdown page of the docs site, written or committed."""
    return [README, *sorted(DOCS.rglob("*.md"))]


@dataclass(frozen=True)
class Block:
    """One fenced code block: its page, the line it starts on, its language, title and text."""

    page: Path
    line: int
    language: str
    info: str
    text: str

    @property
    def name(self) -> str:
        """The block as a test id: its page and line."""
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(*languages: str) -> list[Block]:
    """Every fenced block in the pages in one of these languages."""
    found = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1) in languages:
                line = text.count("\n", 0, match.start()) + 1
                found.append(Block(page, line, match.group(1), match.group(2), match.group(3)))
    return found


@dataclass(frozen=True)
class Step:
    """One command of a console block and the output shown after it."""

    command: str
    shown: str


def steps(block: Block) -> list[Step]:
    """A console block's commands (after `$ `, a trailing backslash continues one) and outputs."""
    found: list[Step] = []
    command: list[str] = []
    shown: list[str] = []
    continued = False
    for line in block.text.splitlines():
        if continued or line.startswith("$ "):
            if not continued and command:
                found.append(Step("\n".join(command), "\n".join(shown)))
                command, shown = [], []
            command.append(line if continued else line[2:])
            continued = line.endswith("\\")
        else:
            shown.append(line)
    if command:
        found.append(Step("\n".join(command), "\n".join(shown)))
    return found


def _pattern(shown: str) -> re.Pattern[str]:
    parts = []
    for line in shown.rstrip().splitlines():
        if line.strip() == ELLIPSIS:
            parts.append(r"(?:[^\n]*\n)*?")
            continue
        pieces = [
            VERSION.sub(lambda _: ANY_VERSION, re.escape(p)) for p in line.rstrip().split(ELLIPSIS)
        ]
        parts.append("[^\\n]*".join(pieces) + r"[ \t]*\n")
    return re.compile("".join(parts))


def matches(shown: str, printed: str) -> bool:
    """Whether a command printed what its block shows (see `ELLIPSIS`; trailing spaces ignored)."""
    actual = "".join(line.rstrip() + "\n" for line in printed.rstrip().splitlines())
    if not shown.strip():
        return not actual.strip()
    return _pattern(shown).fullmatch(actual) is not None
