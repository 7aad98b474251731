"""Tests on one fact, compiled: experta's alpha-network checks with the same results, fewer calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from experta.fieldconstraint import L
from experta.matchers.rete.check import FactCapture, FeatureCheck, TypeCheck
from experta.matchers.rete.nodes import FeatureTesterNode

Context = dict[Any, Any]
Data = frozenset[Any]
Alpha = Callable[[bool, Any, Context], None]
"""An alpha-network entry: is the token valid, the one fact, the bindings so far."""
Beta = Callable[[bool, Data, Context], None]
"""A beta-network entry: is the token valid, the facts matched so far, the bindings so far."""

_MISSING = object()


def literal_test(child: Any) -> tuple[str, Any] | None:
    """(key, value) when a child is a feature tester for `key == value` with no binding."""
    node, check = child.node, getattr(child.node, "matcher", None)
    if not (
        isinstance(node, FeatureTesterNode)
        and child.callback.__name__ == "activate"
        and isinstance(check, FeatureCheck)
        and isinstance(check.expected, L)
        and check.expected.__bind__ is None
        and check.check.__name__ == "equal_literal"
        and isinstance(check.what, str)
        and "__" not in check.what
        and not check.what.isnumeric()
    ):
        return None
    return check.what, check.expected.value


def indexed(literal: dict[str, list[tuple[Any, tuple[Alpha, ...]]]]) -> Alpha:
    """Literal tests of sibling feature testers, run in one loop: each key is read once.

    The same test as experta's (`value == fact[key]`, a missing key failing unless the fact's
    class declares a default), without a call per test. The siblings' order among themselves
    changes; nothing depends on it, as the agenda orders activations by their keys.
    """
    index = tuple((key, tuple(pairs)) for key, pairs in literal.items())

    def activate(valid: bool, fact: Any, context: Context) -> None:
        fields = fact.__fields__
        get = fact.get
        for key, pairs in index:
            record = get(key, _MISSING)
            if record is _MISSING:
                if key not in fields:
                    continue
                try:
                    record = fact[key]
                except (IndexError, KeyError, TypeError):
                    continue
            for value, below in pairs:
                if value == record:
                    for child in below:
                        child(valid, fact, context)

    return activate


def fact_capture(bind: str, children: tuple[Alpha, ...], betas: tuple[Beta, ...]) -> Alpha:
    """A feature tester binding the whole fact: experta's tests for a `FactCapture` match.

    experta also compares the fact with itself when the name is not bound yet; a fact (a dict)
    always equals itself, so that test is left out. `betas` are children in the beta network.
    """
    negated = (False, bind)

    def activate(valid: bool, fact: Any, context: Context) -> None:
        if bind in context and context[bind] != fact:
            return
        if negated in context and context[negated] == fact:
            return
        bound = {**context, bind: fact}
        for child in children:
            child(valid, fact, bound)
        if betas:
            data = frozenset((fact,))
            for beta in betas:
                beta(valid, data, bound)

    return activate


def fast_test(check: Any) -> Callable[[Any], Any]:
    """A test with the same result as `check(fact)`, without experta's logging."""
    if isinstance(check, TypeCheck):
        fact_type = check.fact_type
        return lambda fact: type(fact) == fact_type  # noqa: E721 (experta compares types with ==)
    if isinstance(check, FactCapture):
        bind = check.bind
        return lambda fact: {bind: fact}
    if isinstance(check, FeatureCheck):
        return _feature_test(check)
    return check  # type: ignore[no-any-return]


def _feature_test(check: FeatureCheck) -> Callable[[Any], Any]:
    what, compare, expected = check.what, check.check, check.expected
    path: tuple[Any, ...] | None
    if isinstance(what, str):
        if what.startswith("__") or what.endswith("__"):
            path = None  # experta tests the whole fact for special names
        else:
            path = tuple(int(p) if p.isnumeric() else p for p in what.split("__"))
    else:
        path = (what,)
    if path is None:
        return lambda fact: compare(fact, expected)
    if len(path) > 1:

        def nested(fact: Any) -> Any:
            record = fact
            try:
                for step in path:
                    record = record[step]
            except (IndexError, KeyError, TypeError):
                return False
            return compare(record, expected)

        return nested
    key = path[0]
    literal = isinstance(expected, L) and expected.__bind__ is None
    value = expected.value if literal else None

    def test(fact: Any) -> Any:
        record = fact.get(key, _MISSING)
        if record is _MISSING:
            try:
                record = fact[key]  # a declared field default, or KeyError
            except (IndexError, KeyError, TypeError):
                return False
        if literal:  # experta's `equal_literal`, inlined
            return bool(value == record)
        return compare(record, expected)

    return test
