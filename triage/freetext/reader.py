"""Reading a person's own words (contract §7): the items a text speaks of, and the answers it gives.

Each item's phrases (from the language's lexicon) are found in the normalised text; a phrase that
lies wholly inside a longer one of another item gives way to it ("numbness around my groin" is
saddle numbness, not leg tingling). ConText then gives each mention its status, and the numbers
reader adds durations, pain scores, age and sex. Only what the text states about this person now
becomes an answer; a red flag is only ever proposed as "yes" (§7: a denied red flag is still asked).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rules.red_flags import ON_ITS_OWN
from rules.vocabulary import QUESTIONS, Group, Kind, Q
from triage.errors import TextTooLongError
from triage.freetext.context import Sentence, read_sentence, status_of, statuses
from triage.freetext.lexicon import ItemPhrases, Lexicon, Status, lexicon
from triage.freetext.numbers import find_numbers
from triage.freetext.text import Normalised, normalise, sentences

MAX_TEXT_CHARS = 5000
"""The longest text read: a long message, not a record (longer is refused, never cut)."""

Value = str | float | int


@dataclass(frozen=True, slots=True)
class Mention:
    """One thing the text says of an item: its value, how it is said, and where."""

    id: str
    value: Value
    status: Status
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Reading:
    """What a text says: every mention, and the answers a client may send on."""

    mentions: tuple[Mention, ...]
    answers: dict[str, Value] = field(default_factory=dict)
    age: int | None = None
    sex: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The reading as JSON data (the shape of `POST /v1/parse` and `triage parse`)."""
        return {
            "mentions": [
                {
                    "id": m.id,
                    "value": m.value,
                    "status": m.status.value,
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                }
                for m in self.mentions
            ],
            "answers": dict(self.answers),
            "age": self.age,
            "sex": self.sex,
        }


@dataclass(frozen=True, slots=True)
class _Candidate:
    id: Q
    start: int
    end: int
    gaps: tuple[tuple[int, int], ...]
    absent: bool
    past_counts: bool
    yields_to: frozenset[Q]


_STATED = (Status.AFFIRMED, Status.NEGATED)

NEVER_NO: frozenset[str] = (
    frozenset(q.value for q in QUESTIONS if QUESTIONS[q].group is Group.RED_FLAG) | ON_ITS_OWN
)
"""The red flags of free text: items a text may say "yes" to but never "no" (contract §7): the
warning-sign screen, and every item whose "yes" is a red flag on its own (a swollen buttock, a long
lie on the floor). A denied one is reported as negated and still asked."""
_NUMBER_STATUSES = (Status.OTHER_PERSON, Status.HYPOTHETICAL, Status.HISTORICAL)
"""A number takes only these: "maybe 3 weeks" is still three weeks, roughly."""


def parse(text: str, language: str = "en") -> Reading:
    """Read a person's own words; raises TextTooLongError past `MAX_TEXT_CHARS`."""
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLongError(f"the text is {len(text)} characters; at most {MAX_TEXT_CHARS}")
    words = lexicon(language)
    norm = normalise(text, words.misspellings)
    spans = sentences(norm.text)
    read = [read_sentence(norm.text, s, e, words) for s, e in spans]
    mentions = list(_item_mentions(text, norm, read, words))
    age: int | None = None
    sex: str | None = None
    for number in find_numbers(norm.text, words, spans):
        status = status_of(statuses(_sentence_at(read, number.start), number.start, number.end))
        status = status if status in _NUMBER_STATUSES else Status.AFFIRMED
        first = status is Status.AFFIRMED
        if isinstance(number.value, str):
            sex = number.value if sex is None and first else sex
        elif number.field == "age":
            age = int(number.value) if age is None and first else age
        else:
            value = int(number.value) if number.value == int(number.value) else number.value
            mentions.append(
                _mention(text, norm, number.field, value, status, number.start, number.end)
            )
    mentions.sort(key=lambda m: (m.start, m.id))
    return Reading(tuple(mentions), answers(mentions), age, sex)


def _item_mentions(
    text: str, norm: Normalised, read: list[Sentence], words: Lexicon
) -> Iterator[Mention]:
    candidates = _candidates(norm.text, words)
    kept = [
        c
        for i, c in enumerate(candidates)
        if not any(_inside(c, other, i, j) for j, other in enumerate(candidates))
    ]
    for candidate in kept:
        sentence = _sentence_at(read, candidate.start)
        found = statuses(sentence, candidate.start, candidate.end, candidate.gaps)
        if candidate.past_counts:
            found.discard(Status.HISTORICAL)
        status = status_of(found)
        # "My mum doesn't have cancer": another person's, and a denial all the same.
        negated = (Status.NEGATED in found) != candidate.absent
        if status in _STATED:
            status = Status.NEGATED if negated else Status.AFFIRMED
        value = "no" if negated else "yes"
        yield _mention(
            text, norm, candidate.id.value, value, status, candidate.start, candidate.end
        )


_TEXT_WORDS = re.compile(r"[\w']+")


def _candidates(text: str, words: Lexicon) -> list[_Candidate]:
    in_text = frozenset(_TEXT_WORDS.findall(text))
    found: list[_Candidate] = []
    for item in words.items:
        for absent, phrases in ((False, item.present), (True, item.absent)):
            for phrase in phrases:
                if phrase.may_match(in_text):
                    found.extend(_candidate(item, m, absent) for m in phrase.pattern.finditer(text))
    return found


def _candidate(item: ItemPhrases, match: re.Match[str], absent: bool) -> _Candidate:
    gaps = tuple(match.span(g) for g in range(1, (match.re.groups or 0) + 1) if match.group(g))
    return _Candidate(
        item.id, match.start(), match.end(), gaps, absent, item.past_counts, item.yields_to
    )


def _inside(candidate: _Candidate, other: _Candidate, index: int, other_index: int) -> bool:
    """Whether a candidate gives way to another: it lies within a longer one of its own item or
    of an item it yields to, or repeats an earlier one of its item on the same words."""
    if index == other_index or not (other.start <= candidate.start and candidate.end <= other.end):
        return False
    if other.id != candidate.id and other.id not in candidate.yields_to:
        return False
    if other.end - other.start > candidate.end - candidate.start:
        return True
    return (other.start, other.end) == (candidate.start, candidate.end) and other_index < index


def _sentence_at(read: list[Sentence], place: int) -> Sentence:
    for sentence in read:
        if sentence.start <= place < sentence.end:
            return sentence
    return Sentence(place, place, (), ())


def _mention(
    text: str, norm: Normalised, qid: str, value: Value, status: Status, start: int, end: int
) -> Mention:
    first, last = norm.span(start, end)
    return Mention(qid, value, status, first, last, text[first:last])


def answers(mentions: list[Mention]) -> dict[str, Value]:
    """The answers the mentions give (contract §7): only what is stated of this person now.

    A red flag stated anywhere is "yes"; a red flag (`NEVER_NO`) is never "no". A yes/no item stated both ways
    is left out (it is asked). The duration is the first stated; the pain score the worst stated.
    """
    values: dict[str, list[Value]] = {}
    for mention in mentions:
        if mention.status in _STATED:
            values.setdefault(mention.id, []).append(mention.value)
    result: dict[str, Value] = {}
    for qid, stated in values.items():
        question = QUESTIONS[Q(qid)]
        if qid in NEVER_NO:
            if "yes" in stated:
                result[qid] = "yes"
        elif question.kind is Kind.NUMBER:
            numbers = [v for v in stated if isinstance(v, int | float)]
            result[qid] = max(numbers) if qid == Q.PAIN_SEVERITY.value else numbers[0]
        elif len(set(stated)) == 1:
            result[qid] = stated[0]
    return dict(sorted(result.items(), key=lambda pair: list(Q).index(Q(pair[0]))))
