"""How well the reader reads an annotated set: precision and recall of the values it takes.

A set is JSON Lines, one sentence a line: `{"text": ..., "mentions": [{"id", "value", "status"}],
"age": ..., "sex": ...}` (`age` and `sex` only where the text states them). A sentence's mentions
are compared as a set: a predicted mention is right when the annotation has one with the same id,
status and value (numbers within `NUMBER_TOLERANCE`). Two safety checks hold on every sentence: a
red flag the annotation says is stated must be a "yes" in the reading's answers, and no red flag is
ever "no" in them (contract §7).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rules.vocabulary import QUESTIONS, Q
from triage.errors import AnnotatedSetError
from triage.freetext.reader import NEVER_NO, Reading, parse

NUMBER_TOLERANCE = 0.05
"""Two numbers agree when they differ by at most this share of the larger (or by 0.2)."""

PERSON = "person"
"""The group of `age` and `sex`."""


@dataclass(frozen=True, slots=True)
class Case:
    """One annotated sentence: its line in the file, its text, and the mentions it holds."""

    line: int
    text: str
    mentions: tuple[tuple[str, Any, str], ...]


@dataclass(frozen=True, slots=True)
class Miss:
    """A mention the reader missed, or took wrongly: where, which, and what the text was."""

    line: int
    kind: str
    mention: tuple[str, Any, str]
    text: str


@dataclass
class Tally:
    """Counts for precision and recall."""

    right: int = 0
    predicted: int = 0
    annotated: int = 0

    @property
    def precision(self) -> float:
        """Right among those read (1.0 when nothing was read)."""
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Right among those annotated (1.0 when nothing was annotated)."""
        return self.right / self.annotated if self.annotated else 1.0

    def as_dict(self) -> dict[str, float | int]:
        """The counts and both figures, rounded to three places."""
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "right": self.right,
            "predicted": self.predicted,
            "annotated": self.annotated,
        }


@dataclass
class Evaluation:
    """Figures overall, by status and by item group; the misses; the safety failures."""

    sentences: int = 0
    overall: Tally = field(default_factory=Tally)
    by_status: dict[str, Tally] = field(default_factory=dict)
    by_group: dict[str, Tally] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The evaluation as JSON data."""
        return {
            "sentences": self.sentences,
            "overall": self.overall.as_dict(),
            "by_status": {k: v.as_dict() for k, v in sorted(self.by_status.items())},
            "by_group": {k: v.as_dict() for k, v in sorted(self.by_group.items())},
            "misses": [
                {
                    "line": m.line,
                    "kind": m.kind,
                    "id": m.mention[0],
                    "value": m.mention[1],
                    "status": m.mention[2],
                    "text": m.text,
                }
                for m in self.misses
            ],
            "unsafe": list(self.unsafe),
        }


def load(path: Path) -> list[Case]:
    """Read an annotated set; raises AnnotatedSetError naming the line of a bad entry."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            mentions = [(m["id"], m["value"], m["status"]) for m in raw["mentions"]]
            mentions += [(key, raw[key], "affirmed") for key in ("age", "sex") if key in raw]
            cases.append(Case(number, str(raw["text"]), tuple(mentions)))
        except (ValueError, KeyError, TypeError) as error:
            raise AnnotatedSetError(
                f"{path}, line {number}: not an annotated sentence ({error})"
            ) from None
    return cases


def evaluate(cases: Iterable[Case], language: str = "en") -> Evaluation:
    """Read every case and compare the reading with its annotation."""
    result = Evaluation()
    for case in cases:
        result.sentences += 1
        reading = parse(case.text, language)
        _compare(case, _predicted(reading), result)
        result.unsafe.extend(_safety(case, reading))
    return result


def _predicted(reading: Reading) -> list[tuple[str, Any, str]]:
    found = [(m.id, m.value, m.status.value) for m in reading.mentions]
    found += [
        (key, value, "affirmed")
        for key, value in (("age", reading.age), ("sex", reading.sex))
        if value is not None
    ]
    unique: list[tuple[str, Any, str]] = []
    for mention in found:
        if not any(_same(mention, seen) for seen in unique):
            unique.append(mention)
    return unique


def _compare(case: Case, predicted: list[tuple[str, Any, str]], result: Evaluation) -> None:
    unmatched = list(predicted)
    for gold in case.mentions:
        _count(result, gold, "annotated")
        match = next((p for p in unmatched if _same(p, gold)), None)
        if match is None:
            result.misses.append(Miss(case.line, "missed", gold, case.text))
        else:
            unmatched.remove(match)
            _count(result, gold, "right")
    for mention in predicted:
        _count(result, mention, "predicted")
    result.misses.extend(Miss(case.line, "wrong", m, case.text) for m in unmatched)


def _count(result: Evaluation, mention: tuple[str, Any, str], what: str) -> None:
    for tally in (
        result.overall,
        result.by_status.setdefault(mention[2], Tally()),
        result.by_group.setdefault(group_of(mention[0]), Tally()),
    ):
        setattr(tally, what, getattr(tally, what) + 1)


def group_of(qid: str) -> str:
    """The item group of an id (`person` for age and sex)."""
    return QUESTIONS[Q(qid)].group.value if qid in Q.__members__.values() else PERSON


def _same(a: tuple[str, Any, str], b: tuple[str, Any, str]) -> bool:
    if a[0] != b[0] or a[2] != b[2]:
        return False
    if isinstance(a[1], int | float) and isinstance(b[1], int | float):
        return abs(a[1] - b[1]) <= max(0.2, NUMBER_TOLERANCE * max(abs(a[1]), abs(b[1])))
    return bool(a[1] == b[1])


def _safety(case: Case, reading: Reading) -> list[str]:
    problems = []
    for qid, value, status in case.mentions:
        stated = status == "affirmed" and value == "yes" and qid in NEVER_NO
        if stated and reading.answers.get(qid) != "yes":
            problems.append(f"line {case.line}: the red flag {qid} is stated and not read 'yes'")
    for qid, value in reading.answers.items():
        if qid in NEVER_NO and value != "yes":
            problems.append(f"line {case.line}: the red flag {qid} is {value!r} in the answers")
    return problems
