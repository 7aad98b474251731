"""What satisfies a rule's conditions: field constraints evaluated in Python, and the values to try.

A rule's fact patterns hold literals or field constraints (`L` literal, `P` predicate, `W` wildcard,
and their `&`, `|`, `~` combinations); `rules.structure` reads them from the rule. This module judges
values against them as experta would, without an engine, so that the witness search and the test
helpers agree with the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from experta.fieldconstraint import ANDFC, NOTFC, ORFC, FieldConstraint, L, P, W

from rules.vocabulary import AGE_RANGE, QUESTIONS, SEXES, Kind, Q

_NUMBER_CANDIDATES: dict[Q, tuple[float, ...]] = {
    Q.DURATION_WEEKS: (8, 1, 12, 4, 6, 2, 3, 0, 26, 52, 104, 520),
    Q.PAIN_SEVERITY: (5, 8, 3, 7, 6, 0, 10, 1, 2, 4, 9),
}
_AGE_FIRST = (35, 15, 20, 8, 60, 80)


def satisfies(constraint: Any, value: Any) -> bool:
    """Whether a value meets a field constraint (or equals a literal) as experta would judge it."""
    if not isinstance(constraint, FieldConstraint):  # a literal, the usual case (yes or no)
        return bool(value == constraint)
    if isinstance(constraint, W):
        return True
    if isinstance(constraint, L):
        return bool(value == constraint.value)
    if isinstance(constraint, P):
        try:
            return bool(constraint.match(value))
        except TypeError:
            return False
    if isinstance(constraint, ANDFC):
        return all(satisfies(part, value) for part in constraint)
    if isinstance(constraint, ORFC):
        return any(satisfies(part, value) for part in constraint)
    if isinstance(constraint, NOTFC):
        return not satisfies(constraint[0], value)
    return bool(value == constraint)


def satisfied_by(constraints: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    """Whether data (for example an intake's known answers) meets every constraint; missing fails."""
    return all(key in data and satisfies(c, data[key]) for key, c in constraints.items())


def candidate_values(key: str) -> tuple[Any, ...]:
    """Representative values for an answer key, the most ordinary first, for searches to try."""
    if key == "age":
        low, high = AGE_RANGE
        return _AGE_FIRST + tuple(age for age in range(low, high + 1) if age not in _AGE_FIRST)
    if key == "sex":
        return SEXES
    question = QUESTIONS[Q(key)]
    if question.kind is Kind.NUMBER:
        return _NUMBER_CANDIDATES.get(question.id, (question.minimum, question.maximum))
    return ("yes", "no")


def values_satisfying(key: str, constraint: Any) -> tuple[Any, ...]:
    """The candidate values of a key that meet a constraint, in candidate order."""
    # Answers hold `YesNo` members, which are str, and floats, which equal the ints tried here.
    return tuple(value for value in candidate_values(key) if satisfies(constraint, value))
