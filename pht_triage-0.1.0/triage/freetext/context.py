"""ConText (Chapman 2001; Harkema 2009): whether a mention is negated, uncertain, hypothetical,
said of someone else or of the past, from trigger words and their scope within a sentence.

Each trigger reaches forward (the words after it), backward (those before it) or both, up to the
sentence's end or a terminating word ("but", "however"...). A pseudo-trigger ("not only") looks like
a trigger and is none. A comma ends a scope too, unless the comma separates a list that a
conjunction closes ("no fever, chills or sweats"). A trigger inside a mention's own words is part
of it ("can't bear weight"); one inside a gap of the mention ("sitting doesn't hurt") applies to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from triage.freetext.lexicon import PSEUDO, TERMINATE, Direction, Lexicon, Status, trigger_key

_LIST_CLOSERS = re.compile(r"(?<![\w'])(?:or|nor|and)(?![\w'])")
_WORDS = re.compile(r"[\w']+")
_LIST_ITEM_WORDS = 4
"""A comma-separated piece of at most this many words may be an item of a list."""


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger found in a sentence: its place, status and direction."""

    start: int
    end: int
    status: Status
    direction: Direction


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence's span, its triggers, and where scopes stop in it."""

    start: int
    end: int
    triggers: tuple[Trigger, ...]
    stops: tuple[int, ...]
    """Places where every scope stops: terminating words, and commas that end a clause."""
    person_stops: tuple[int, ...] = ()
    """Places where the person speaks of themself ("I", "my"): a scope about another stops."""


def read_sentence(text: str, start: int, end: int, lexicon: Lexicon) -> Sentence:
    """The triggers and scope stops of one sentence of the normalised text."""
    triggers: list[Trigger] = []
    stops: list[int] = []
    for match in lexicon.triggers.finditer(text, start, end):
        for kind, direction in lexicon.trigger_kinds.get(trigger_key(match.group()), ()):
            if kind == TERMINATE:
                stops.append(match.start())
            elif kind != PSEUDO and direction is not None:
                triggers.append(Trigger(match.start(), match.end(), Status(kind), direction))
    stops.extend(_clause_commas(text, start, end))
    person = tuple(m.start() for m in lexicon.first_person.finditer(text, start, end))
    return Sentence(start, end, tuple(triggers), tuple(sorted(stops)), person)


def _clause_commas(text: str, start: int, end: int) -> list[int]:
    """The commas of a sentence that end a clause, not those between the items of a list."""
    commas = [i for i in range(start, end) if text[i] in ",:"]
    if not commas:
        return []
    bounds = [start, *commas, end]
    pieces = [text[bounds[i] + (i > 0) : bounds[i + 1]] for i in range(len(bounds) - 1)]
    stops = []
    for index, comma in enumerate(commas):
        if text[comma] == ":" or not _in_list(pieces, index + 1):
            stops.append(comma)
    return stops


def _in_list(pieces: Sequence[str], after: int) -> bool:
    """Whether the piece after a comma continues a list: short pieces up to one a conjunction joins."""
    for piece in pieces[after:]:
        words = len(_WORDS.findall(piece))
        if _LIST_CLOSERS.search(piece):
            # The last piece holds the last two items: "night sweats or weight loss".
            return words <= 2 * _LIST_ITEM_WORDS
        if words > _LIST_ITEM_WORDS:
            return False
    return False


PRECEDENCE = (
    Status.OTHER_PERSON,
    Status.HYPOTHETICAL,
    Status.UNCERTAIN,
    Status.NEGATED,
    Status.HISTORICAL,
)
"""When several triggers reach a mention, the first of these that does is its status."""


def statuses(
    sentence: Sentence, start: int, end: int, gaps: Sequence[tuple[int, int]] = ()
) -> set[Status]:
    """The statuses the sentence's triggers give a mention spanning [start, end)."""
    found: set[Status] = set()
    for trigger in sentence.triggers:
        if trigger.start < end and trigger.end > start:
            inside_gap = any(g0 <= trigger.start and trigger.end <= g1 for g0, g1 in gaps)
            if inside_gap and trigger.status is Status.NEGATED:
                found.add(trigger.status)
            continue
        forward = trigger.direction in (Direction.FORWARD, Direction.BOTH)
        backward = trigger.direction in (Direction.BACKWARD, Direction.BOTH)
        other = trigger.status is Status.OTHER_PERSON
        reaches_forward = forward and trigger.end <= start
        reaches_backward = backward and end <= trigger.start
        if reaches_forward and not _stopped(sentence, trigger.end, start, other):
            found.add(trigger.status)
        if reaches_backward and not _stopped(sentence, end, trigger.start, other):
            found.add(trigger.status)
    return found


def _stopped(sentence: Sentence, first: int, last: int, other_person: bool) -> bool:
    stops = (*sentence.stops, *sentence.person_stops) if other_person else sentence.stops
    return any(first <= stop < last for stop in stops)


def status_of(found: set[Status]) -> Status:
    """The one status a mention takes from those its triggers give (affirmed if none)."""
    for status in PRECEDENCE:
        if status in found:
            return status
    return Status.AFFIRMED
