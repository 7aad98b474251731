"""Helpers for the table-driven rule tests: build an intake, assess it, see what fired, and each red
flag's example, read from the named cases that fire it (no second table to keep by hand)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from rules.red_flags import Flag
from rules.vocabulary import RED_FLAG_QUESTIONS
from tests.paths import CASES
from triage import assess
from triage.devtools.cases import load_cases
from triage.devtools.coverage import measure
from triage.models import Assessment

SCREEN_CLEAR = {q.value: "no" for q in RED_FLAG_QUESTIONS}

HOW_TO = "docs/how-to/add-a-rule.md"
"""The guide that tells a rule's author what to add, named in every failure below."""


def run(answers: dict[str, Any], age: int | None = None, sex: str | None = None) -> Assessment:
    """Assess answers with an optional age and sex."""
    intake: dict[str, Any] = {"answers": answers}
    if age is not None:
        intake["age"] = age
    if sex is not None:
        intake["sex"] = sex
    return assess(intake)


def screened(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers with every red-flag question not named in them answered no."""
    return {**SCREEN_CLEAR, **answers}


@dataclass(frozen=True, slots=True)
class Example:
    """A red flag's example: the answers to the questions its rule reads, and the person's age and
    sex, taken from the first named case (by file) that fires it."""

    case: str
    answers: dict[str, Any]
    age: int | None
    sex: str | None

    def assess(self, answers: dict[str, Any] | None = None) -> Assessment:
        """The example assessed, with its answers or others in their place."""
        return run(self.answers if answers is None else answers, age=self.age, sex=self.sex)


@cache
def _firing_cases() -> dict[str, tuple[str, dict[str, Any], int | None, str | None]]:
    """Each rule fired by some named case under tests/cases: the first such case, in file order."""
    cases = load_cases(CASES)
    found: dict[str, tuple[str, dict[str, Any], int | None, str | None]] = {}
    for case, ran in zip(cases, measure(cases).runs, strict=True):
        answers = {
            q.value: value.value if isinstance(value, Enum) else value
            for q, value in case.intake.known().items()
        }
        sex = case.intake.sex
        for rule in ran.rules:
            found.setdefault(rule, (case.origin, answers, case.intake.age, sex and str(sex)))
    return found


def red_flag_example(flag: Flag) -> Example:
    """The flag's example; fails, naming the rule and the folder to add a case to, when no named
    case fires it."""
    found = _firing_cases().get(flag.rule)
    if found is None:
        raise AssertionError(
            f"{flag.rule}: no named case under tests/cases/ fires it. Add one to "
            f"tests/cases/coverage/{flag.id}.json (see {HOW_TO}, 'Give it a named case')."
        )
    origin, answers, age, sex = found
    reads = [key for key in flag.when if key not in ("age", "sex")]
    return Example(origin, {key: answers[key] for key in reads}, age, sex)
