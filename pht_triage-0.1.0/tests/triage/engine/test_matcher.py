"""The compiled matcher fires what experta's own Rete matcher fires, construct by construct.

The rule base uses few of experta's constructs; these engines use the others too (joins on shared
variables, negation, EXISTS, FORALL, TEST, OR, predicates, retraction and modification), and each
scripted session must give the same firings, in the same order, with either matcher.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from experta import AS, EXISTS, FORALL, MATCH, NOT, OR, TEST, Fact, KnowledgeEngine, L, P, Rule, W
from experta.matchers import ReteMatcher

from triage.engine import StableStrategy
from triage.engine.matcher import INDEXED_FROM, CompiledReteMatcher


def rule(*patterns: Any) -> Callable[[Callable[..., None]], Any]:
    """experta's `Rule` as a decorator, typed for mypy."""
    made: Callable[[Callable[..., None]], Any] = Rule(*patterns)
    return made


class Item(Fact):  # type: ignore[misc]
    """A test fact."""


class Tag(Fact):  # type: ignore[misc]
    """Another test fact."""


class Rules(KnowledgeEngine):  # type: ignore[misc]
    """One rule per construct; each records its firing with the bindings it saw."""

    def __init__(self) -> None:
        super().__init__()
        self.fired: list[tuple[Any, ...]] = []

    def note(self, name: str, **bindings: Any) -> None:
        self.fired.append((name, tuple(sorted((k, repr(v)) for k, v in bindings.items()))))

    @rule(Item(kind="a"))
    def literal(self) -> None:
        self.note("literal")

    @rule(Item(size=P(lambda size: size > 2), kind=MATCH.kind))
    def predicate(self, kind: str) -> None:
        self.note("predicate", kind=kind)

    @rule(Item(kind=MATCH.kind, size=MATCH.size), Tag(kind=MATCH.kind))
    def join(self, kind: str, size: int) -> None:
        self.note("join", kind=kind, size=size)

    @rule(Item(kind=MATCH.kind), NOT(Tag(kind=MATCH.kind)))
    def negation(self, kind: str) -> None:
        self.note("negation", kind=kind)

    @rule(EXISTS(Tag(kind="b")))
    def exists(self) -> None:
        self.note("exists")

    @rule(FORALL(Item(kind=MATCH.kind), Tag(kind=MATCH.kind)))
    def forall(self) -> None:
        self.note("forall")

    @rule(Item(size=MATCH.size), TEST(lambda size: size % 2 == 0))
    def test(self, size: int) -> None:
        self.note("test", size=size)

    @rule(OR(Item(kind="b"), Tag(kind="c")))
    def either(self) -> None:
        self.note("either")

    @rule(Item(kind=L("a") | L("c"), size=~L(1)))
    def field_or_not(self) -> None:
        self.note("field_or_not")

    @rule(AS.item << Item(kind=W()), Tag(kind="a"))
    def captured(self, item: Fact) -> None:
        self.note("captured", item=dict(item))


class CompiledRules(Rules):
    """The same rules on the compiled matcher."""

    __matcher__ = CompiledReteMatcher
    __strategy__ = StableStrategy


class PlainRules(Rules):
    """The same rules on experta's matcher."""

    __matcher__ = ReteMatcher
    __strategy__ = StableStrategy


def session(engine: Rules, seed: int) -> list[tuple[Any, ...]]:
    """Declare, retract and modify facts at random, running after each change."""
    rng = random.Random(seed)
    engine.reset()
    declared: list[Fact] = []
    for _ in range(30):
        action = rng.random()
        if action < 0.55 or not declared:
            fact = rng.choice([Item, Tag])(kind=rng.choice("abc"), size=rng.randint(0, 4))
            if engine.declare(fact) is not None:
                declared.append(fact)
        elif action < 0.8:
            engine.retract(declared.pop(rng.randrange(len(declared))))
        else:
            old = declared.pop(rng.randrange(len(declared)))
            new = engine.modify(old, size=rng.randint(0, 4))
            if new is not None:
                declared.append(new)
        engine.run()
        engine.fired.append(("facts", tuple(sorted(engine.facts))))
    return engine.fired


@pytest.mark.parametrize("seed", range(40))
def test_every_construct_fires_the_same_as_with_experta_matcher(seed: int) -> None:
    assert session(CompiledRules(), seed) == session(PlainRules(), seed)


def test_a_reset_engine_fires_as_a_new_one() -> None:
    engine = CompiledRules()
    session(engine, 1)
    engine.fired = []
    assert session(engine, 2) == session(CompiledRules(), 2)


class Wide(KnowledgeEngine):  # type: ignore[misc]
    """Many literal tests on one fact type, so that the matcher indexes them."""

    __matcher__ = CompiledReteMatcher
    __strategy__ = StableStrategy

    def __init__(self) -> None:
        super().__init__()
        self.fired: list[str] = []


for _n in range(INDEXED_FROM + 2):
    setattr(
        Wide,
        f"rule_{_n}",
        rule(Item(**{f"key_{_n}": "yes"}))(lambda self, _n=_n: self.fired.append(f"rule_{_n}")),
    )


def test_indexed_literal_tests_fire_exactly_the_matching_rules() -> None:
    engine = Wide()
    engine.reset()
    engine.declare(Item(key_0="yes", key_2="no", key_3="yes", other="yes"))
    engine.run()
    assert sorted(engine.fired) == ["rule_0", "rule_3"]
