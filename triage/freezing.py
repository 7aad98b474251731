"""experta's `freeze` for fact values, with its answer for each type of value remembered.

experta freezes every value put into a fact (`Fact.__setitem__`) through a `singledispatch`
function whose default case checks that the value is hashable and returns it unchanged. Every
value a rule declares (a str, a number, an enum member) takes that default case, and the dispatch
and the hashability check cost more than the rest of building the fact. Both depend only on the
value's type, so `install()` puts a `freeze` in `experta.fact` that remembers the types that take
the default case and returns their values at once; for every other type, and whenever a new
`freeze` method is registered, it asks experta's own `freeze`. The result is the same for every
value: the very object, a frozen copy, or the same TypeError.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import experta.fact
import experta.utils

ORIGINAL: Any = experta.utils.freeze
"""experta's own `freeze`."""


def _remembering() -> Callable[[Any], Any]:
    registry = ORIGINAL.registry
    default = ORIGINAL.dispatch(object)
    kept: set[type] = set()
    registered = [len(registry)]

    def freeze(value: Any) -> Any:
        kind = value.__class__
        if kind in kept and len(registry) == registered[0]:
            return value
        if len(registry) != registered[0]:  # a freeze method was registered since
            kept.clear()
            registered[0] = len(registry)
        if ORIGINAL.dispatch(kind) is default and issubclass(kind, Hashable):
            # experta's default case; hashability is a property of the type (its `__hash__`).
            kept.add(kind)
            return value
        return ORIGINAL(value)

    return freeze


FREEZE: Callable[[Any], Any] = _remembering()
"""The remembering `freeze`, one for the process."""


def install() -> None:
    """Make experta's facts freeze their values with `FREEZE` (idempotent)."""
    experta.fact.freeze = FREEZE


def installed() -> bool:
    """Whether experta's facts use `FREEZE`."""
    return experta.fact.freeze is FREEZE
