"""The rule base's facts (`rules.fact.BaseFact`) are built and frozen as experta's own code does."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import experta
import experta.fact
import pytest
from frozendict import frozendict

from rules.base import Evidence
from rules.fact import EXPERTA_FREEZE, BaseFact
from rules.fact import freeze as FREEZE  # noqa: N812 (a constant-like name, as before)
from rules.scale import Level
from rules.vocabulary import YES, Q
from triage.engine import CompiledEngine, ExpertaEngine


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
        frozen, expected = FREEZE(value), EXPERTA_FREEZE(value)
        assert frozen == expected
        assert type(frozen) is type(expected)
        if expected is value:
            assert frozen is value


def test_an_unhashable_value_is_refused_as_experta_refuses_it() -> None:
    for freeze in (EXPERTA_FREEZE, FREEZE, FREEZE):
        with pytest.raises(TypeError, match="not hashable"):
            freeze(Unhashable())


def test_a_freeze_method_registered_later_is_used() -> None:
    class Point(tuple[int, int]):
        """A hashable value that gets a freeze method of its own after being seen."""

    point = Point((1, 2))
    assert FREEZE(point) is point
    EXPERTA_FREEZE.register(Point)(lambda value: ("frozen", *value))
    assert FREEZE(point) == ("frozen", 1, 2)


def test_building_and_running_engines_changes_nothing_of_experta() -> None:
    experta_init = vars(experta.Fact)["__init__"]
    for engine in (CompiledEngine(), ExpertaEngine()):
        engine.start(Evidence(question=Q.SIT_BONE_PAIN, answers=[YES]))
        engine.run()
    assert experta.fact.freeze is experta.utils.freeze is EXPERTA_FREEZE
    assert vars(experta.Fact)["__init__"] is experta_init
    assert experta_init.__module__ == "experta.fact"
    assert BaseFact.__init__ is not experta_init
    fact = Evidence(question=Q.SIT_BONE_PAIN, answers=[YES])
    assert fact["answers"] == EXPERTA_FREEZE([YES])


CONSTRUCTIONS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((), {}),
    ((), {"question": Q.SIT_BONE_PAIN, "answer": "yes", "likelihood_ratio": 3.0}),
    (("first", 2), {}),
    (("first",), {"nested": {"a": [1, {"b": 2}]}, "items": [YES, {3}]}),
    ((), {"__bind__": "x", "level": Level.EMERGENCY}),
]


def _both(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Evidence, Evidence]:
    ours, theirs = Evidence.__new__(Evidence), Evidence.__new__(Evidence)
    BaseFact.__init__(ours, *args, **kwargs)
    experta.Fact.__init__(theirs, *args, **kwargs)
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
    for build in (BaseFact.__init__, experta.Fact.__init__):
        with pytest.raises(RuntimeError, match="can't be modified"):
            build(Evidence.__new__(Evidence), __factid__=1, answer="yes")
        with pytest.raises(TypeError, match="not hashable"):
            build(Evidence.__new__(Evidence), answer=Unhashable())


def test_a_fact_class_with_its_own_setitem_is_built_by_experta() -> None:
    class Shouting(BaseFact):
        """A fact that changes every value it is given."""

        def __setitem__(self, key: Any, value: Any) -> None:
            super().__setitem__(key, str(value).upper())

    assert Shouting(answer="yes")["answer"] == "YES"
    assert Shouting.__init__ is experta.Fact.__init__
