"""The age bands the rule base reads, each written once and shared by the modules that read it."""

from __future__ import annotations

from rules.base import predicate


def is_child(age: int) -> bool:
    """Under 18: the test `CHILD` applies, for code that reads an age outside a rule."""
    return age < 18


CHILD = predicate("under 18", is_child)
"""Under 18: septic arthritis or osteomyelitis must be excluded the same day (contract §2)."""

ADULT = predicate("18 or over", lambda age: age >= 18)
"""18 or over."""

APOPHYSIS_OPEN = predicate("11 to 25", lambda age: 11 <= age <= 25)
"""Roughly 11 to 25 years, while the ischial apophysis may be unfused (clinical facts §3)."""

PAST_APOPHYSIS = predicate("26 or over", lambda age: age >= 26)
"""From 26, when the apophysis has fused and a sudden start is an adult's avulsion (§9.9)."""
