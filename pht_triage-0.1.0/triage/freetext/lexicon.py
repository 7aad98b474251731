"""One language's words for the reader, read once from `triage/locale/phrases.<lang>.json`.

Everything that is English lives in that file: each item's phrases (keyed by question id), the
ConText triggers, the misspellings, and the words for numbers and units. A second language adds its
own file; the reader does not change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from rules.vocabulary import Q
from triage.freetext.phrases import Phrase, alternation, item_phrase


class Status(StrEnum):
    """How the text speaks of an item (contract §7)."""

    AFFIRMED = "affirmed"
    NEGATED = "negated"
    UNCERTAIN = "uncertain"
    HYPOTHETICAL = "hypothetical"
    OTHER_PERSON = "other_person"
    HISTORICAL = "historical"


class Direction(StrEnum):
    """Which words a trigger reaches: those after it, before it, or both."""

    FORWARD = "forward"
    BACKWARD = "backward"
    BOTH = "both"


CONTEXT_STATUSES = (
    Status.NEGATED,
    Status.UNCERTAIN,
    Status.HYPOTHETICAL,
    Status.OTHER_PERSON,
    Status.HISTORICAL,
)
"""The statuses a ConText trigger can give."""

PSEUDO = "pseudo"
TERMINATE = "terminate"


@dataclass(frozen=True, slots=True)
class ItemPhrases:
    """An item's compiled phrases: those that state it, those that state its absence."""

    id: Q
    present: tuple[Phrase, ...]
    absent: tuple[Phrase, ...]
    past_counts: bool
    yields_to: frozenset[Q]
    """Items whose longer phrase wins over this one's when it lies inside it."""


@dataclass(frozen=True, slots=True)
class Numbers:
    """The words of numbers, units and their cues, as the number reader needs them."""

    words: dict[str, float]
    half: tuple[str, ...]
    range_words: tuple[str, ...]
    units_in_weeks: dict[str, float]
    not_pain_duration: frozenset[str]
    pain_scale: tuple[str, ...]
    pain_before: tuple[str, ...]
    pain_cue: tuple[str, ...]
    age_units: tuple[str, ...]
    age_before: tuple[str, ...]
    self_words: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything one language gives the reader."""

    language: str
    items: tuple[ItemPhrases, ...]
    triggers: re.Pattern[str]
    """Every trigger, pseudo-trigger and terminator in one alternation, longest first."""
    trigger_kinds: dict[str, tuple[tuple[str, Direction | None], ...]]
    """What each trigger's words (spaces single) are: (status or pseudo/terminate, direction)."""
    misspellings: dict[str, str]
    numbers: Numbers
    first_person: re.Pattern[str]
    """Words of the person themself ("I", "my"): they end the scope of a trigger about another."""


@cache
def lexicon(language: str = "en") -> Lexicon:
    """The reader's words for one language (read and compiled once a process)."""
    resource = resources.files("triage") / "locale" / f"phrases.{language}.json"
    raw: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    macros: dict[str, str] = raw["macros"]
    items = tuple(
        ItemPhrases(
            Q(qid),
            tuple(item_phrase(p, macros) for p in entry["phrases"]),
            tuple(item_phrase(p, macros) for p in entry.get("absent", [])),
            bool(entry.get("past_counts", False)),
            frozenset(Q(other) for other in entry.get("yields_to", [])),
        )
        for qid, entry in raw["items"].items()
    )
    kinds: dict[str, list[tuple[str, Direction | None]]] = {}
    context = raw["context"]
    for status in CONTEXT_STATUSES:
        for direction in Direction:
            for phrase in context[status.value][direction.value]:
                kinds.setdefault(_key(phrase), []).append((status.value, direction))
    for kind in (PSEUDO, TERMINATE):
        for phrase in context[kind]:
            kinds.setdefault(_key(phrase), []).append((kind, None))
    triggers = re.compile(rf"(?<![\w'])(?:{alternation(list(kinds))})(?![\w'])")
    numbers = raw["numbers"]
    return Lexicon(
        language,
        items,
        triggers,
        {key: tuple(value) for key, value in kinds.items()},
        {k.lower(): v.lower() for k, v in raw["misspellings"].items() if k.lower() != v.lower()},
        Numbers(
            words={k: float(v) for k, v in numbers["words"].items()},
            half=tuple(numbers["half"]),
            range_words=tuple(numbers["range"]),
            units_in_weeks={k: float(v) for k, v in numbers["units_in_weeks"].items()},
            not_pain_duration=frozenset(numbers["not_pain_duration"]),
            pain_scale=tuple(numbers["pain_scale"]),
            pain_before=tuple(numbers["pain_before"]),
            pain_cue=tuple(numbers["pain_cue"]),
            age_units=tuple(numbers["age_units"]),
            age_before=tuple(numbers["age_before"]),
            self_words=tuple(numbers["self"]),
            female=tuple(numbers["female"]),
            male=tuple(numbers["male"]),
        ),
        re.compile(rf"(?<![\w'])(?:{alternation(context['first_person'])})(?![\w'])"),
    )


def trigger_key(text: str) -> str:
    """A matched trigger's words as the key of `Lexicon.trigger_kinds`."""
    return _key(text)


def _key(text: str) -> str:
    return " ".join(re.split(r"[\s\-]+", text.strip().lower()))
