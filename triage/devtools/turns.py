"""How many turns a conversation takes (contract §6): each case played as a chatbot would play it.

A case's intake is the person's answer sheet: every item the conversation asks is answered from it
("unknown" where it is silent). The conversation must reach the level of the full form made of the
same answers, without the items never asked of this person (a patient's examination findings, an
item of the other sex). Each case is played in every style asked for: patient or clinician, grouped
or one item a turn; and "I don't know" to everything is played once per style.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rules.vocabulary import Audience
from triage.core import Triage, default
from triage.devtools.cases import Case
from triage.devtools.conversation import full_request, play_interview
from triage.interview.next_question import not_asked_of, parse_request


@dataclass(frozen=True, slots=True)
class Style:
    """How a conversation is held: who answers, and whether questions come in groups."""

    audience: Audience
    grouped: bool

    @property
    def name(self) -> str:
        """The style in a few words, as the report shows it."""
        return f"{self.audience.value}, {'grouped' if self.grouped else 'one item a turn'}"

    def request(self) -> dict[str, Any]:
        """The conversation fields of a request in this style."""
        return {"audience": self.audience.value, "grouped": self.grouped}


STYLES = tuple(Style(a, g) for a in (Audience.PATIENT, Audience.CLINICIAN) for g in (True, False))
"""Every style, the patient's grouped conversation first."""


@dataclass(frozen=True, slots=True)
class Played:
    """One case played in one style: its turns, and whether it reached the full form's level."""

    case: str
    turns: int
    items: int
    level: str
    full_level: str

    @property
    def reached(self) -> bool:
        """Whether the conversation ended at the level of the full form."""
        return self.level == self.full_level


@dataclass(frozen=True, slots=True)
class StyleReport:
    """Every case played in one style, and the all-"I don't know" conversation."""

    style: Style
    played: tuple[Played, ...]
    all_unknown_turns: int

    @property
    def mean(self) -> float:
        """The mean number of turns."""
        return statistics.fmean(p.turns for p in self.played)

    @property
    def most(self) -> int:
        """The most turns any case took."""
        return max(p.turns for p in self.played)

    @property
    def distribution(self) -> dict[int, int]:
        """How many cases took each number of turns."""
        return dict(sorted(Counter(p.turns for p in self.played).items()))

    @property
    def missed(self) -> tuple[Played, ...]:
        """The cases that did not reach the full form's level."""
        return tuple(p for p in self.played if not p.reached)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON data."""
        return {
            "style": self.style.request(),
            "cases": len(self.played),
            "mean_turns": round(self.mean, 2),
            "max_turns": self.most,
            "distribution": {str(k): v for k, v in self.distribution.items()},
            "mean_items": round(statistics.fmean(p.items for p in self.played), 2),
            "all_unknown_turns": self.all_unknown_turns,
            "missed": [p.case for p in self.missed],
        }


def play_case(case: Case, style: Style, core: Triage | None = None) -> Played:
    """One case played in one style to its end (with `core`, else the default `Triage`)."""
    core = core or default()
    intake = case.intake
    sheet = {
        "age": intake.age,
        "sex": intake.sex,
        "answers": {q.value: getattr(v, "value", v) for q, v in intake.known().items()},
    }
    played = play_interview(sheet, core.next_step, conversation=style.request())
    unasked = not_asked_of(style.audience, parse_request(played.request).sex)
    full = core.assess(parse_request(full_request(sheet, unasked)).intake())
    return Played(
        case.name,
        played.turns,
        len(played.asked),
        played.last.triage.level.value,
        full.triage.level.value,
    )


def measure(
    cases: Iterable[Case], styles: Iterable[Style] = STYLES, core: Triage | None = None
) -> list[StyleReport]:
    """Every case played in every style (with `core`, else the default `Triage`)."""
    core = core or default()
    cases = list(cases)
    reports = []
    for style in styles:
        unknown = play_interview({"answers": {}}, core.next_step, conversation=style.request())
        played = tuple(play_case(case, style, core) for case in cases)
        reports.append(StyleReport(style, played, unknown.turns))
    return reports
