"""Witnesses: for each rule, an intake that makes it fire, found by a deterministic search.

The search reads each rule's own conditions on the answers (`rules.patterns`) and tries the
simplest intake that meets them, alone, with the red-flag screen answered "no", and with that and
a picture that clearly fits tendinopathy. Rules of the
later stages read facts that the engine derives (a likelihood band, a supported differential, the
final level, a red flag), so they are tried against every rule's simple intake in catalogue order:
the intakes that fire the earlier rules are exactly those that produce those facts. Only the rules
left after that are searched for with seeded random intakes, bounded in time and count.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from experta import Rule

from rules.catalogue import catalogue
from rules.findings import FINDINGS, Finding
from rules.patterns import candidate_values, values_satisfying
from rules.structure import EXTRA_KEYS, required_answers
from rules.vocabulary import RED_FLAG_QUESTIONS, SEXES, Q
from triage.assessment.pipeline import Evaluation
from triage.core import Triage, default
from triage.models import Intake, parse_intake

IntakeData = dict[str, Any]
"""An intake as a caller sends it: optional `age` and `sex`, and `answers` keyed by question id."""

SCREEN_NO: dict[str, Any] = {q.value: "no" for q in RED_FLAG_QUESTIONS}
"""The red-flag screen answered "no" throughout."""

RANDOM_TRIES = 5000
"""The most random intakes tried for rules that the simple intakes do not fire."""


def as_data(intake: Intake | Mapping[str, Any]) -> IntakeData:
    """An intake as plain data with only its known answers, in questionnaire order."""
    parsed = parse_intake(intake)
    data: IntakeData = {
        key: value for key in EXTRA_KEYS if (value := getattr(parsed, key)) is not None
    }
    data["answers"] = {q.value: _plain(value) for q, value in parsed.known().items()}
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return str(value) if isinstance(value, str) else value


def assign(intake: IntakeData, values: Mapping[str, Any]) -> IntakeData:
    """A copy of an intake with answers (or `age`, `sex`) set; a value of None removes one."""
    person = {key: intake[key] for key in EXTRA_KEYS if key in intake}
    answers = dict(intake.get("answers", {}))
    for key, value in values.items():
        target = person if key in EXTRA_KEYS else answers
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return {**person, "answers": answers}


def simplest_intake(rule: Rule) -> IntakeData | None:
    """The intake that meets a rule's conditions on the answers with the most ordinary values."""
    values = {}
    for key, constraint in required_answers(rule).items():
        options = values_satisfying(key, constraint)
        if not options:
            return None
        values[key] = options[0]
    return assign({"answers": {}}, values)


def random_intake(rng: random.Random, answered: float = 0.3) -> IntakeData:
    """A random intake: each question answered with the given chance, from representative values."""
    values: dict[str, Any] = {
        q.value: rng.choice(candidate_values(q.value)) for q in Q if rng.random() < answered
    }
    if rng.random() < 0.8:
        values["age"] = rng.choice(candidate_values("age"))
    if rng.random() < 0.5:
        values["sex"] = rng.choice(SEXES)
    return assign({"answers": {}}, values)


@dataclass(slots=True)
class Evaluations:
    """Assessments of intakes, kept so that no intake is assessed twice."""

    core: Triage = field(default_factory=default)
    _done: dict[str, Evaluation] = field(default_factory=dict)

    def of(self, intake: IntakeData) -> Evaluation:
        """The evaluation of an intake."""
        key = json.dumps(intake, sort_keys=True)
        if key not in self._done:
            self._done[key] = self.core.evaluate(intake)
        return self._done[key]

    def fired(self, intake: IntakeData) -> set[str]:
        """The ids of the rules an intake fires."""
        return {firing.rule for firing in self.of(intake).firings}


@dataclass(frozen=True, slots=True)
class Witnesses:
    """For each rule of the catalogue, an intake that fires it, or None when none was found."""

    found: dict[str, IntakeData | None]
    evaluations: Evaluations

    @property
    def unreachable(self) -> tuple[str, ...]:
        """The rules no intake was found for."""
        return tuple(rule for rule, intake in self.found.items() if intake is None)


def _simple_candidates(rule: Rule) -> Iterator[IntakeData]:
    own = simplest_intake(rule)
    if own is not None:
        yield own
        screen = {key: value for key, value in SCREEN_NO.items() if key not in own["answers"]}
        yield assign(own, screen)
        fitting = {key: value for key, value in _fitting().items() if key not in own["answers"]}
        yield assign(own, {**screen, **fitting})


@cache
def _fitting() -> dict[str, str]:
    """A picture that clearly fits tendinopathy: in each group, the finding whose yes counts most.

    Rules that read a high likelihood as well as their own answers (home care) need it.
    """
    best: dict[str, Finding] = {}
    for finding in FINDINGS:
        if finding.yes is not None and finding.yes > 1:
            current = best.get(finding.group)
            if current is None or finding.yes > (current.yes or 0):
                best[finding.group] = finding
    return {finding.question.value: "yes" for finding in best.values()}


def find_witnesses(core: Triage | None = None, *, seconds: float = 5.0, seed: int = 0) -> Witnesses:
    """Find a witness for every rule: simple intakes first, then a bounded random search."""
    evaluations = Evaluations(core or default())
    evaluate = evaluations.core.evaluate
    entries = catalogue()
    pool: list[IntakeData] = [{"answers": {}}, {"answers": dict(SCREEN_NO)}]
    pool += [c for entry in entries for c in _simple_candidates(entry.info.rule)]
    found: dict[str, IntakeData | None] = {}
    for entry in entries:
        candidates = [*_simple_candidates(entry.info.rule), *pool]
        found[entry.id] = next(
            (c for c in candidates if entry.id in evaluations.fired(c)),
            None,
        )
    missing = {rule for rule, intake in found.items() if intake is None}
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    tries = 0
    while missing and tries < RANDOM_TRIES and time.monotonic() < deadline:
        tries += 1
        intake = random_intake(rng)
        for rule in {firing.rule for firing in evaluate(intake).firings} & missing:
            found[rule] = intake
            missing.discard(rule)
    return Witnesses(found, evaluations)
