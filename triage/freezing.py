"""experta's fact building, without its per-value overhead; the same facts come out.

experta freezes every value put into a fact (`Fact.__setitem__`) through a `singledispatch`
function whose default case checks that the value is hashable and returns it unchanged, and it
builds a fact through `update` and `__setitem__`, a property lookup and that dispatch for every
value. Building the facts rules declare cost more than matching them. `install()` changes two
things in experta, both giving exactly what experta gives:

- `FREEZE` replaces `freeze` in `experta.fact`: it remembers the types whose values take the
  default case (whether a value is hashable depends only on its type's `__hash__`) and returns
  their values at once; for every other type, and once a new `freeze` method is registered, it
  asks experta's own `freeze`, which gives the frozen copy or the TypeError;
- `build_fact` replaces `Fact.__init__`: it sets each value as `Fact.__setitem__` would (refusing
  to change a declared fact, freezing the value), in the same order, without the method calls.
  A fact class that overrides `__setitem__`, `update`, `get` or `__factid__` is built by
  experta's own code.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from itertools import chain
from typing import Any

import experta.fact
import experta.utils

ORIGINAL: Any = experta.utils.freeze
"""experta's own `freeze`."""

ORIGINAL_INIT: Callable[..., None] = experta.fact.Fact.__init__
"""experta's own `Fact.__init__`."""

_FACT = experta.fact.Fact


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


def build_fact(fact: Any, *args: Any, **kwargs: Any) -> None:
    """`Fact.__init__`: positional values under 0, 1, ..., then the keywords, each frozen."""
    kind = fact.__class__
    if (
        kind.__setitem__ is not _FACT.__setitem__
        or kind.update is not _FACT.update
        or kind.get is not dict.get
        or kind.__factid__ is not _FACT.__factid__
    ):
        ORIGINAL_INIT(fact, *args, **kwargs)
        return
    freeze = experta.fact.freeze
    for key, value in chain(enumerate(args), kwargs.items()) if args else kwargs.items():
        if dict.get(fact, "__factid__") is not None:
            raise RuntimeError("A fact can't be modified after declaration.")
        dict.__setitem__(fact, key, freeze(value))
    fact._Fact__defaults = {}


def install() -> None:
    """Make experta build facts with `build_fact` and freeze values with `FREEZE` (idempotent)."""
    experta.fact.freeze = FREEZE
    _FACT.__init__ = build_fact


def installed() -> bool:
    """Whether experta builds facts and freezes values this way."""
    return experta.fact.freeze is FREEZE and _FACT.__init__ is build_fact
