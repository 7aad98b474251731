"""How a rule is built: every rule of a rule base, a rule's body, its fact patterns and the answers
it reads. Every reader of a rule's structure (the catalogue, the compiled engine, the interview's
foresight, the checks, the trace) goes through here, so that experta's internals are read once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from experta import NOT, Fact, Rule
from experta.fieldconstraint import ANDFC, NOTFC, ORFC, L, P, W

from rules.base import Answers
from rules.vocabulary import Q

EXTRA_KEYS = ("age", "sex")
"""Keys of the `Answers` fact that are not question ids."""


def body_of(rule: Rule) -> Callable[..., None]:
    """The function behind a rule, which its decorator wraps (`functools.update_wrapper` keeps it
    as `__wrapped__`); every reader of a rule's body goes through here."""
    body: Callable[..., None] = rule.__wrapped__
    return body


def rules_of(rule_base: type) -> dict[str, Rule]:
    """Every rule a rule-base class runs, by id, in id order: its own and inherited ones, an
    override in a subclass replacing the original.

    Read from the classes' own namespaces: `inspect.getmembers` on an engine class would bind
    experta's shared `DefFacts` to no instance and so break every engine built before.
    """
    found: dict[str, Rule] = {}
    for cls in rule_base.__mro__:
        for name, member in vars(cls).items():
            if isinstance(member, Rule) and name not in found:
                found[name] = member
    return dict(sorted(found.items()))


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


def questions_read(rule: Rule) -> tuple[Q, ...]:
    """The question ids a rule's conditions read, in questionnaire order (no `age` or `sex`)."""
    return tuple(Q(key) for key in answer_keys(rule) if key not in EXTRA_KEYS)
