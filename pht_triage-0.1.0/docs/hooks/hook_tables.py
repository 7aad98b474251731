"""What the generated reference pages share: the note that they are generated, and tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

GENERATED = (
    "This page is generated from the code when the site is built, so it cannot drift from it."
)


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """A Markdown table, with `|` in cells escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
