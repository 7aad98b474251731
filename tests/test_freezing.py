"""The remembering `freeze` gives what experta's own `freeze` gives, for every kind of value."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import experta.fact
import pytest
from frozendict import frozendict

from rules.base import Evidence
from triage.engine import TriageEngine
from triage.freezing import FREEZE, ORIGINAL, installed
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
    fact = Evidence(question=Q.SIT_BONE_PAIN, answers=[YES])
    assert fact["answers"] == ORIGINAL([YES])
