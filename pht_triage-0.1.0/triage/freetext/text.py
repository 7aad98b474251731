"""A text made ready to read: lower case, misspellings put right, split into sentences.

The reader matches on the normalised text and reports places in the person's own text: `Normalised`
keeps, for each character it holds, where that character came from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_WORD = re.compile(r"[\w']+")
_SENTENCE_END = re.compile(r"(?:[.!?;]+|\s[-–]\s)(?=\s|$)|\n\s*\n|\n(?=\s*[-*•\d])|[()]")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass(frozen=True, slots=True)
class Normalised:
    """The text as the reader sees it, and the place in the original of each of its characters."""

    text: str
    origin: tuple[int, ...]
    ends: tuple[int, ...]
    """For each character, where the original words it came from end (a corrected word's end)."""
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where a span of the normalised text lies in the original text."""
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else self.original_length
            return at, at
        return self.origin[start], self.ends[end - 1]


def normalise(text: str, misspellings: Mapping[str, str]) -> Normalised:
    """Lower case, one kind of quote and dash, and each known misspelling as its right word."""
    lowered = _lower(text.translate(_QUOTES))
    pieces: list[str] = []
    origin: list[int] = []
    ends: list[int] = []
    last = 0
    for match in _WORD.finditer(lowered):
        right = misspellings.get(match.group())
        if right is None:
            continue
        pieces.append(lowered[last : match.start()])
        origin.extend(range(last, match.start()))
        ends.extend(range(last + 1, match.start() + 1))
        pieces.append(right)
        # Every character of the correction comes from the misspelt word, and ends where it ends.
        origin.extend(min(match.start() + i, match.end() - 1) for i in range(len(right)))
        ends.extend([match.end()] * len(right))
        last = match.end()
    pieces.append(lowered[last:])
    origin.extend(range(last, len(lowered)))
    ends.extend(range(last + 1, len(lowered) + 1))
    return Normalised("".join(pieces), tuple(origin), tuple(ends), len(text))


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A character whose lower case is longer (İ) stays as it is, so that places still agree.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def sentences(text: str) -> list[tuple[int, int]]:
    """The spans of the sentences (and of bullet lines and bracketed asides) of a text."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]
