"""Free text read as proposed answers (contract §7): `parse(text)` gives a `Reading`."""

from triage.freetext.lexicon import Status, lexicon
from triage.freetext.reader import MAX_TEXT_CHARS, NEVER_NO, Mention, Reading, parse

__all__ = [
    "MAX_TEXT_CHARS",
    "NEVER_NO",
    "Mention",
    "Reading",
    "Status",
    "lexicon",
    "parse",
]
