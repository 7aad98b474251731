"""JSON Lines: one JSON value a line; blank lines are skipped, and each line keeps its number."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import AnyStr


def lines(stream: Iterable[AnyStr]) -> Iterator[tuple[int, AnyStr]]:
    """The lines that are not blank, each with its line number (from 1), as the stream gives them."""
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield number, line
