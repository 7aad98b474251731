"""The checks of `triage check`: the rule base verified as a whole, each finding as plain data.

Each check is a function that returns the problems it found (an empty list when all is well), so
that it can be tested on a made-up catalogue. `verify()` runs them all on the real rule base.
"""

from __future__ import annotations

import inspect
import json
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from experta import Rule
from experta.fieldconstraint import ANDFC, NOTFC, ORFC, L, W

from rules.advice import ADVICE
from rules.catalogue import CatalogueEntry, catalogue
from rules.patterns import satisfies, values_satisfying
from rules.red_flags import FLAGS
from rules.replay import declared_by
from rules.rulebase import RuleBase
from rules.scale import Band, Condition, Level, Support
from rules.structure import fact_patterns, rules_of
from rules.vocabulary import RED_FLAG_QUESTIONS, Q
from triage.core import Triage
from triage.devtools.safety import check_red_flag_floor
from triage.devtools.witness import (
    Evaluations,
    IntakeData,
    Witnesses,
    assign,
    find_witnesses,
    random_intake,
)
from triage.engine import Firing
from triage.texts import QuestionText, question_texts

ENUM_FIELDS: dict[str, type[StrEnum]] = {
    "condition": Condition,
    "level": Level,
    "band": Band,
    "support": Support,
    "question": Q,
}
"""Fact fields whose values must be members of an enum of the core."""


@dataclass(frozen=True, slots=True)
class CheckFinding:
    """One finding of a check: which check, what it concerns (a rule or question id), and why."""

    check: str
    subject: str
    message: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    """A check, what it verifies, and what it found."""

    name: str
    description: str
    problems: tuple[CheckFinding, ...]


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Everything `triage check` found, with the witness of every rule."""

    results: tuple[CheckResult, ...]
    witnesses: Mapping[str, IntakeData | None]

    @property
    def problems(self) -> tuple[CheckFinding, ...]:
        """Every finding of every check."""
        return tuple(problem for result in self.results for problem in result.problems)


# --- The checks -------------------------------------------------------------------------------


def check_ids(entries: Iterable[CatalogueEntry], engine_rules: Iterable[str]) -> list[CheckFinding]:
    """Rule ids are unique, and the catalogue lists every rule the engine runs."""
    ids = Counter(entry.id for entry in entries)
    problems = [
        CheckFinding("ids", rule, f"the id is used by {count} rules")
        for rule, count in ids.items()
        if count > 1
    ]
    problems += [
        CheckFinding("ids", rule, "the engine runs this rule but no area of the catalogue lists it")
        for rule in engine_rules
        if rule not in ids
    ]
    return problems


def check_documented(entries: Iterable[CatalogueEntry]) -> list[CheckFinding]:
    """Every rule has a plain description and a source."""
    problems = []
    for entry in entries:
        if not entry.info.description.strip():
            problems.append(CheckFinding("documented", entry.id, "the rule has no description"))
        if entry.info.source is None or not entry.info.source.detail.strip():
            problems.append(CheckFinding("documented", entry.id, "the rule has no source"))
    return problems


def check_questions(
    entries: Iterable[CatalogueEntry], texts: Mapping[Q, QuestionText]
) -> list[CheckFinding]:
    """Every question of the vocabulary is read by some rule and has a text."""
    read = {question for entry in entries for question in entry.questions}
    problems = [
        CheckFinding("questions", q.value, "no rule reads this question")
        for q in Q
        if q not in read
    ]
    problems += [
        CheckFinding("questions", q.value, "the question has no text")
        for q in Q
        if q not in texts or not texts[q].text.strip()
    ]
    return problems


def check_reachable(witnesses: Mapping[str, IntakeData | None]) -> list[CheckFinding]:
    """Every rule fires for some intake (its witness)."""
    return [
        CheckFinding("reachable", rule, "no intake was found that fires this rule")
        for rule, intake in witnesses.items()
        if intake is None
    ]


Floor = Callable[[IntakeData], None]
"""A check of the red-flag floor on one intake; raises AssertionError when it is broken."""


def check_red_flag_levels(
    intakes: Iterable[tuple[str, IntakeData]],
    *,
    add_red_flags: bool = True,
    floor: Floor | None = None,
) -> list[CheckFinding]:
    """On each named intake (and, with `add_red_flags`, with each red-flag answer turned to yes),
    no red flag is missed and the level is at least as urgent as every red flag found."""
    floor = floor or check_red_flag_floor
    problems = []
    for name, intake in intakes:
        variants = _with_each_red_flag(intake) if add_red_flags else [("as it is", intake)]
        for variant, changed in variants:
            try:
                floor(changed)
            except AssertionError as error:
                problems.append(CheckFinding("red_flag_levels", name, f"{variant}: {error}"))
                break
    return problems


def _with_each_red_flag(intake: IntakeData) -> Iterable[tuple[str, IntakeData]]:
    yield "as it is", intake
    for question in RED_FLAG_QUESTIONS:
        if intake["answers"].get(question.value) != "yes":
            yield f"with {question.value}=yes", assign(intake, {question.value: "yes"})


def check_references(
    entries: Iterable[CatalogueEntry], firings: Mapping[str, Firing | None]
) -> list[CheckFinding]:
    """Every advice item, condition, level or question that a rule names exists."""
    problems = []
    for entry in entries:
        named = [*_pattern_literals(entry.info.rule), *_declared(entry, firings.get(entry.id))]
        for field, value in named:
            if field == "item" and value not in ADVICE:
                problems.append(CheckFinding("references", entry.id, f"no advice item {value!r}"))
            elif field in ENUM_FIELDS and value not in set(ENUM_FIELDS[field]):
                problems.append(CheckFinding("references", entry.id, f"no {field} {value!r}"))
    return problems


def _pattern_literals(rule: Rule) -> Iterable[tuple[str, Any]]:
    for pattern in fact_patterns(rule):
        for field, constraint in pattern.fields.items():
            yield from ((field, value) for value in _literals(constraint))


def _literals(constraint: Any) -> Iterable[Any]:
    if isinstance(constraint, L):
        yield constraint.value
    elif isinstance(constraint, ANDFC | ORFC | NOTFC):
        for part in constraint:
            yield from _literals(part)
    elif not isinstance(constraint, W) and not callable(getattr(constraint, "match", None)):
        yield constraint


def _declared(entry: CatalogueEntry, firing: Firing | None) -> Iterable[tuple[str, Any]]:
    """The fields of the facts a rule's body declares, replayed with its witness's bindings."""
    method = entry.info.method
    wanted = list(inspect.signature(method).parameters)[1:]
    bindings = _bindings(entry.info.rule, firing) if firing else {}
    if any(name not in bindings for name in wanted):
        return []
    declared = declared_by(method, **{name: bindings[name] for name in wanted})
    fields = [(str(k), v) for fact in declared for k, v in fact.as_dict().items()]
    return [(field, value) for field, value in fields if field in ENUM_FIELDS or field == "item"]


def _bindings(rule: Rule, firing: Firing) -> dict[str, Any]:
    bound: dict[str, Any] = {}
    for pattern in fact_patterns(rule):
        if pattern.negated:
            continue
        fact = next(
            (
                f
                for f in firing.matched
                if type(f) is pattern.fact
                and all(k in f and satisfies(c, f[k]) for k, c in pattern.fields.items())
            ),
            None,
        )
        for field, constraint in pattern.fields.items():
            name = _bind_name(constraint)
            if fact is not None and name is not None:
                bound[name] = fact[field]
    return bound


def _bind_name(constraint: Any) -> str | None:
    name = getattr(constraint, "__bind__", None)
    if isinstance(name, str):
        return name
    if isinstance(constraint, ANDFC | ORFC):
        return next((n for part in constraint if (n := _bind_name(part))), None)
    return None


# --- Running every check ------------------------------------------------------------------


def engine_rule_names(engine_class: type) -> set[str]:
    """Every rule an engine class runs, inherited ones included."""
    return set(rules_of(engine_class))


def generated_intakes(count: int, seed: int = 0) -> list[tuple[str, IntakeData]]:
    """Seeded random intakes, each made to meet the conditions of one red flag in turn."""
    rng = random.Random(seed)
    intakes = []
    for number in range(count):
        flag = FLAGS[number % len(FLAGS)]
        values = {key: rng.choice(values_satisfying(key, c)) for key, c in flag.when.items()}
        intakes.append((f"generated intake {number + 1}", assign(random_intake(rng), values)))
    return intakes


CHECKS: tuple[tuple[str, str], ...] = (
    ("ids", "rule ids are unique and every rule is in the catalogue"),
    ("documented", "every rule has a description and a source"),
    ("questions", "every question is read by some rule and has a text"),
    ("reachable", "every rule can fire (a witness intake is shown for each)"),
    ("red_flag_levels", "no red flag is missed or lowered, on witnesses and generated intakes"),
    ("references", "every advice item, condition and level a rule names exists"),
)
"""The checks, in the order they run and are shown."""


def verify(
    core: Triage | None = None, *, generated: int = 200, seconds: float = 5.0, seed: int = 0
) -> CheckReport:
    """Run every check on the rule base; `generated` random intakes test the red-flag levels."""
    entries = catalogue()
    witnesses = find_witnesses(core, seconds=seconds, seed=seed)
    unique = {json.dumps(intake, sort_keys=True): rule for rule, intake in witnesses.found.items()}
    named = [
        (f"witness of {rule}", intake)
        for rule, intake in witnesses.found.items()
        if intake and unique[json.dumps(intake, sort_keys=True)] == rule
    ]
    levels = check_red_flag_levels(named)
    levels += check_red_flag_levels(generated_intakes(generated, seed), add_red_flags=False)
    found = {
        "ids": check_ids(entries, engine_rule_names(RuleBase)),
        "documented": check_documented(entries),
        "questions": check_questions(entries, question_texts()),
        "reachable": check_reachable(witnesses.found),
        "red_flag_levels": levels,
        "references": check_references(entries, _witness_firings(witnesses)),
    }
    results = tuple(
        CheckResult(name, description, tuple(found[name])) for name, description in CHECKS
    )
    return CheckReport(results, witnesses.found)


def _witness_firings(witnesses: Witnesses) -> dict[str, Firing | None]:
    evaluations: Evaluations = witnesses.evaluations
    firings: dict[str, Firing | None] = {}
    for rule, intake in witnesses.found.items():
        runs = evaluations.of(intake).firings if intake else ()
        firings[rule] = next((firing for firing in runs if firing.rule == rule), None)
    return firings
