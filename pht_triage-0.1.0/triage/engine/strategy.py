"""The firing order: by salience, then newest facts first, then rule id; never by hash or set order."""

from __future__ import annotations

import bisect
import operator
from contextlib import suppress
from typing import Any, ClassVar

from experta.abstract import Strategy
from experta.activation import Activation

_ACTIVATION_KEY = operator.attrgetter("key")


class StableStrategy(Strategy):  # type: ignore[misc]
    """Fire by salience, then newest facts first, then rule id: never by hash or set order.

    experta's own strategy leaves ties between rules that match the same facts to the order of
    its network, which depends on string hashing and so differs between processes.
    """

    _inverted: ClassVar[dict[str, str]] = {}  # a cache shared by all engines, one per rule

    @staticmethod
    def key(activation: Activation) -> tuple[int, list[int], str]:
        """Order of firing: the activation with the largest key fires first."""
        facts = [fact["__factid__"] for fact in activation.facts]
        if len(facts) > 1:
            facts.sort(reverse=True)
        # Reverse the id so that, on ties, rules fire in alphabetical order.
        name = activation.rule.__name__
        inverted = StableStrategy._inverted.get(name)
        if inverted is None:
            inverted = StableStrategy._inverted[name] = _invert(name)
        return activation.rule.salience, facts, inverted

    def _update_agenda(self, agenda: Any, added: list[Any], removed: list[Any]) -> None:
        for activation in removed:
            activation.key = self.key(activation)
            with suppress(ValueError):
                agenda.activations.remove(activation)
        for activation in added:
            activation.key = self.key(activation)
            bisect.insort(agenda.activations, activation, key=_ACTIVATION_KEY)


def _invert(name: str) -> str:
    return "".join(chr(0x10FFFF - ord(char)) for char in name)
