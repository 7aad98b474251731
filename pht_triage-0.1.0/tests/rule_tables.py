"""Helpers for the table-driven rule tests: build an intake, assess it, see what fired."""

from __future__ import annotations

from typing import Any

from rules.vocabulary import RED_FLAG_QUESTIONS
from triage import assess
from triage.models import Assessment

SCREEN_CLEAR = {q.value: "no" for q in RED_FLAG_QUESTIONS}


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
