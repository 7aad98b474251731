"""Running the rule base: a recording experta engine, a stable firing order and a pool of engines.

Building an engine compiles its Rete network (tens of milliseconds for this rule base), so engines
are built once and reused after `reset()`. An engine is the working memory of one run: the pool
hands each run an engine of its own and takes it back afterwards, so no engine is ever used by two
assessments at once.
"""

from __future__ import annotations

import bisect
import queue
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from experta import Fact
from experta.abstract import Strategy
from experta.activation import Activation
from experta.deffacts import DefFacts

from rules.rulebase import RuleBase


class StableStrategy(Strategy):  # type: ignore[misc]
    """Fire by salience, then newest facts first, then rule id: never by hash or set order.

    experta's own strategy leaves ties between rules that match the same facts to the order of
    its network, which depends on string hashing and so differs between processes.
    """

    @staticmethod
    def key(activation: Activation) -> tuple[int, list[int], str]:
        """Order of firing: the activation with the largest key fires first."""
        facts = sorted((fact["__factid__"] for fact in activation.facts), reverse=True)
        # Reverse the id so that, on ties, rules fire in alphabetical order.
        name = activation.rule._wrapped.__name__
        return activation.rule.salience, facts, _invert(name)

    def _update_agenda(self, agenda: Any, added: list[Any], removed: list[Any]) -> None:
        for activation in removed:
            activation.key = self.key(activation)
            with suppress(ValueError):
                agenda.activations.remove(activation)
        for activation in added:
            activation.key = self.key(activation)
            bisect.insort(agenda.activations, activation)


def _invert(name: str) -> str:
    return "".join(chr(0x10FFFF - ord(char)) for char in name)


@dataclass(frozen=True, slots=True)
class Firing:
    """One rule firing: the rule's id and the facts it matched (declared facts never change)."""

    rule: str
    matched: tuple[Fact, ...]

    def facts(self) -> list[dict[str, Any]]:
        """The matched facts as plain data, oldest first, for a trace."""
        return [_plain(fact) for fact in sorted(self.matched, key=lambda f: f["__factid__"])]


@dataclass(slots=True)
class Run:
    """What one run of the rule base left behind."""

    firings: list[Firing] = field(default_factory=list)


def _plain(fact: Fact) -> dict[str, Any]:
    data = {key: value for key, value in fact.as_dict().items() if not str(key).startswith("__")}
    return {"fact": type(fact).__name__, **data}


class TriageEngine(RuleBase):
    """The rule base with a recording run loop; each declared fact is stamped with its rule."""

    __strategy__ = StableStrategy

    def __init__(self) -> None:
        super().__init__()
        self._deffacts = super().get_deffacts()
        self._firing: str | None = None
        self.record = Run()

    def get_deffacts(self) -> list[DefFacts]:
        """The deffacts, found once: experta would otherwise search the class at every reset."""
        deffacts: list[DefFacts] = self._deffacts
        return deffacts

    def start(self, *facts: Fact) -> None:
        """Clear the working memory and declare the first facts of a new run."""
        self.reset()
        self.record = Run()
        self.declare(*facts)

    def declare(self, *facts: Fact) -> Any:
        """Declare facts, stamping each with the id of the rule that is firing."""
        if self._firing is not None:
            for fact in facts:
                fact["rule"] = self._firing
        return super().declare(*facts)

    def run(self, steps: float = float("inf")) -> None:
        """Fire activations until none is left, recording each firing."""
        self.running = True
        try:
            while steps > 0 and self.running:
                added, removed = self.get_activations()
                self.strategy.update_agenda(self.agenda, added, removed)
                activation = self.agenda.get_next()
                if activation is None:
                    break
                steps -= 1
                name = activation.rule._wrapped.__name__
                self.record.firings.append(Firing(name, tuple(activation.facts)))
                self._firing = name
                try:
                    activation.rule(
                        self,
                        **{
                            key: value
                            for key, value in activation.context.items()
                            if not key.startswith("__")
                        },
                    )
                finally:
                    self._firing = None
        finally:
            self.running = False

    def facts_of(self, fact_type: type[Fact]) -> list[Fact]:
        """The facts of one type in working memory, in declaration order."""
        return [fact for fact in self.facts.values() if type(fact) is fact_type]


class EnginePool:
    """Engines for reuse; each run borrows one for itself and returns it when done."""

    def __init__(self) -> None:
        self._idle: queue.SimpleQueue[TriageEngine] = queue.SimpleQueue()
        self.built = 0

    @contextmanager
    def engine(self) -> Iterator[TriageEngine]:
        """Borrow an idle engine, building one when none is idle."""
        try:
            engine = self._idle.get_nowait()
        except queue.Empty:
            engine = TriageEngine()
            self.built += 1
        try:
            yield engine
        finally:
            self._idle.put(engine)

    def warm(self, count: int = 1) -> None:
        """Build engines ahead of the first requests."""
        for _ in range(count):
            self.built += 1
            self._idle.put(TriageEngine())
