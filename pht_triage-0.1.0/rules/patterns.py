"""Reading a rule's conditions: which facts it tests, which answers it reads, what satisfies them.

experta keeps a rule's left-hand side as plain data: fact patterns whose field values are literals or
field constraints (`L` literal, `P` predicate, `W` wildcard, and their `&`, `|`, `~` combinations),
possibly inside `NOT`, `AND` or `OR`. This module evaluates those constraints in Python, without an
engine, so that the witness search, the trace and the test helpers read rules the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from experta import NOT, Fact, Rule
from experta.fieldconstraint import ANDFC, NOTFC, ORFC, FieldConstraint, L, P, W

from rules.base import Answers
from rules.vocabulary import AGE_RANGE, QUESTIONS, SEXES, Kind, Q

EXTRA_KEYS = ("age", "sex")
"""Keys of the `Answers` fact that are not question ids."""

_NUMBER_CANDIDATES: dict[Q, tuple[float, ...]] = {
    Q.DURATION_WEEKS: (8, 1, 12, 4, 6, 2, 3, 0, 26, 52, 104, 520),
    Q.PAIN_SEVERITY: (5, 8, 3, 7, 6, 0, 10, 1, 2, 4, 9),
}
_AGE_FIRST = (35, 15, 20, 8, 60, 80)


@dataclass(frozen=True, slots=True)
class FactPattern:
    """One fact pattern of a rule: the fact type, its field constraints, and whether it is negated."""

    fact: type[Fact]
    fields: Mapping[str, Any]
    negated: bool


def fact_patterns(rule: Rule) -> tuple[FactPattern, ...]:
    """Every fact pattern on a rule's left-hand side, in the order written."""
    return tuple(_walk(tuple(rule), negated=False))


def _walk(node: Any, *, negated: bool) -> Iterator[FactPattern]:
    if isinstance(node, Fact):
        fields = {str(key): value for key, value in node.items() if not str(key).startswith("__")}
        yield FactPattern(type(node), fields, negated)
    elif isinstance(node, NOT):
        for child in node:
            yield from _walk(child, negated=not negated)
    elif isinstance(node, tuple):
        for child in node:
            yield from _walk(child, negated=negated)


def required_answers(rule: Rule) -> dict[str, Any]:
    """The constraints a rule puts on the intake's answers (question ids, `age`, `sex`)."""
    required: dict[str, Any] = {}
    for pattern in fact_patterns(rule):
        if pattern.fact is Answers and not pattern.negated:
            for key, constraint in pattern.fields.items():
                required[key] = (
                    ANDFC(_as_constraint(required[key]), _as_constraint(constraint))
                    if key in required
                    else constraint
                )
    return required


def answer_keys(rule: Rule) -> tuple[str, ...]:
    """The answer keys a rule's conditions read: question ids in questionnaire order, then extras."""
    keys = {
        key for pattern in fact_patterns(rule) if pattern.fact is Answers for key in pattern.fields
    }
    return tuple(q.value for q in Q if q.value in keys) + tuple(k for k in EXTRA_KEYS if k in keys)


def _as_constraint(value: Any) -> Any:
    return value if isinstance(value, L | P | W | ANDFC | ORFC | NOTFC) else L(value)


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
