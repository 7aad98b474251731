"""The base class of every fact of the rule base: experta's `Fact`, built without per-value calls.

experta builds a fact through `update` and `__setitem__`: a property lookup and a `singledispatch`
`freeze` for every value, which for this rule base cost more than matching the facts. `BaseFact`
builds the same fact (the same keys in the same order, each value frozen, a declared fact refused)
in one loop, and freezes through `freeze` below, which remembers the types experta's `freeze`
keeps unchanged. Nothing of experta is changed: other experta facts in the process are built by
experta's own code, and so is any subclass that overrides how a fact stores its values.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from itertools import chain
from typing import Any

import experta.utils
from experta import Fact

EXPERTA_FREEZE: Any = experta.utils.freeze
"""experta's own `freeze` (a `singledispatch` function)."""

_STORAGE = ("__setitem__", "update", "get", "__factid__")
"""The methods through which experta stores and reads a fact's values."""


def _remembering() -> Callable[[Any], Any]:
    registry = EXPERTA_FREEZE.registry
    default = EXPERTA_FREEZE.dispatch(object)
    kept: set[type] = set()
    registered = [len(registry)]

    def freeze(value: Any) -> Any:
        kind = value.__class__
        if kind in kept and len(registry) == registered[0]:
            return value
        if len(registry) != registered[0]:  # a freeze method was registered since
            kept.clear()
            registered[0] = len(registry)
        if EXPERTA_FREEZE.dispatch(kind) is default and issubclass(kind, Hashable):
            # experta's default case; hashability is a property of the type (its `__hash__`).
            kept.add(kind)
            return value
        return EXPERTA_FREEZE(value)

    return freeze


freeze: Callable[[Any], Any] = _remembering()
"""experta's `freeze`, remembering the types whose values it returns unchanged."""


class BaseFact(Fact):  # type: ignore[misc]
    """A fact of the rule base; built as experta builds a `Fact`, in one loop."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if any(getattr(cls, name) is not getattr(Fact, name) for name in _STORAGE):
            # It stores values its own way, so experta's code builds it.
            cls.__init__ = Fact.__init__  # type: ignore[method-assign]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        items = chain(enumerate(args), kwargs.items()) if args else kwargs.items()
        for key, value in items:
            if dict.get(self, "__factid__") is not None:
                raise RuntimeError("A fact can't be modified after declaration.")
            dict.__setitem__(self, key, freeze(value))
        self._Fact__defaults: dict[Any, Any] = {}
