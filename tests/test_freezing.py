"""Facts built and values frozen the fast way equal what experta's own code gives."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import experta
import experta.fact
import pytest
from frozendict import frozendict

from rules.base import Evidence
from triage.engine import TriageEngine
from triage.freezing import FREEZE, ORIGINAL, ORIGINAL_INIT, build_fact, installed
from triage.scale import Level
from triage.vocabulary import YES, Q


class Colour(StrEnum):
    """A str enum the remembering freeze has never seen."""

    RED = "red"


class Unhashable:
    """A value experta refuses to freeze."""

    __hash__ = None  # type: ignore[assignment]


VALUES: list[Any] = [
    "text",
    3,
    2.5,
    True,
    None,
    YES,
    Q.SIT_BONE_PAIN,
    Level.EMERGENCY,
    Colour.RED,
    (1, "a"),
    frozenset({1}),
    {"a": [1, 2]},
    [1, {"b": 2}],
    {3, 4},
    frozendict(a=1),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_freezing_gives_what_experta_gives_twice_in_a_row(value: Any) -> None:
    for _ in range(2):  # the second call takes the remembered path where there is one
        frozen, expected = FREEZE(value), ORIGINAL(value)
        assert frozen == expected
        assert type(frozen) is type(expected)
        if expected is value:
            assert frozen is value


def test_an_unhashable_value_is_refused_as_experta_refuses_it() -> None:
    for freeze in (ORIGINAL, FREEZE, FREEZE):
        with pytest.raises(TypeError, match="not hashable"):
            freeze(Unhashable())


def test_a_freeze_method_registered_later_is_used() -> None:
    class Point(tuple[int, int]):
        """A hashable value that gets a freeze method of its own after being seen."""

    point = Point((1, 2))
    assert FREEZE(point) is point
    ORIGINAL.register(Point)(lambda value: ("frozen", *value))
    assert FREEZE(point) == ("frozen", 1, 2)


def test_building_an_engine_installs_it_for_experta_facts() -> None:
    TriageEngine()
    assert installed()
    assert experta.fact.freeze is FREEZE
    assert experta.Fact.__init__ is build_fact
    fact = Evidence(question=Q.SIT_BONE_PAIN, answers=[YES])
    assert fact["answers"] == ORIGINAL([YES])


CONSTRUCTIONS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((), {}),
    ((), {"question": Q.SIT_BONE_PAIN, "answer": "yes", "likelihood_ratio": 3.0}),
    (("first", 2), {}),
    (("first",), {"nested": {"a": [1, {"b": 2}]}, "items": [YES, {3}]}),
    ((), {"__bind__": "x", "level": Level.EMERGENCY}),
]


def _both(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Evidence, Evidence]:
    ours, theirs = Evidence.__new__(Evidence), Evidence.__new__(Evidence)
    build_fact(ours, *args, **kwargs)
    ORIGINAL_INIT(theirs, *args, **kwargs)
    return ours, theirs


@pytest.mark.parametrize(("args", "kwargs"), CONSTRUCTIONS, ids=repr)
def test_a_fact_is_built_as_experta_builds_it(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    ours, theirs = _both(args, kwargs)
    assert list(ours.items()) == list(theirs.items())
    assert [type(v) for v in ours.values()] == [type(v) for v in theirs.values()]
    assert ours._Fact__defaults == theirs._Fact__defaults == {}
    assert ours == theirs


def test_building_refuses_what_experta_refuses() -> None:
    for build in (build_fact, ORIGINAL_INIT):
        with pytest.raises(RuntimeError, match="can't be modified"):
            build(Evidence.__new__(Evidence), __factid__=1, answer="yes")
        with pytest.raises(TypeError, match="not hashable"):
            build(Evidence.__new__(Evidence), answer=Unhashable())


def test_a_fact_class_with_its_own_setitem_is_built_by_experta() -> None:
    class Shouting(experta.Fact):  # type: ignore[misc]
        """A fact that changes every value it is given."""

        def __setitem__(self, key: Any, value: Any) -> None:
            super().__setitem__(key, str(value).upper())

    fact = Shouting.__new__(Shouting)
    build_fact(fact, answer="yes")
    assert fact["answer"] == "YES"
