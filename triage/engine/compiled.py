"""The compiled engine: experta's network run as closures, declaring and resetting without overhead."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Any

from experta import Fact, watchers
from experta.agenda import Agenda
from experta.conditionalelement import ConditionalElement
from experta.deffacts import DefFacts
from experta.factlist import FactList

from rules.structure import body_of
from triage.engine.matcher import CompiledReteMatcher
from triage.engine.recording import Firing, RecordingEngine


@dataclass(frozen=True, slots=True)
class _DefFactsCall:
    """A deffacts generator and the reset keywords it accepts (None: any keyword)."""

    deffacts: DefFacts
    accepts: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class _Body:
    """A rule's body and the bindings it takes (None: any), as experta's `Rule.__call__` passes them."""

    function: Callable[..., None]
    takes: frozenset[str] | None

    @classmethod
    def of(cls, rule: Any) -> _Body:
        """The body behind a rule."""
        function = body_of(rule)
        return cls(function, _accepted(function))

    def run(self, engine: Any, context: dict[str, Any]) -> None:
        """Call the body with the activation's bindings, as `rule(engine, **bindings)` would."""
        takes = self.takes
        if takes is None:
            self.function(engine, **{k: v for k, v in context.items() if k[:2] != "__"})
        elif context:
            self.function(engine, **{k: v for k, v in context.items() if k in takes})
        else:
            self.function(engine)


class CompiledEngine(RecordingEngine):
    """The compiled matcher, with experta's `reset` and `declare` done without per-call overhead.

    The same facts get the same ids and the same activations reach the agenda as with experta's
    own code.
    """

    name = "compiled"
    __matcher__ = CompiledReteMatcher

    def __init__(self) -> None:
        super().__init__()
        self._deffacts: list[DefFacts] = super().get_deffacts()
        self._deffacts_calls = tuple(_DefFactsCall(d, _accepted(d)) for d in self._deffacts)
        self._bodies: dict[str, _Body] = {}

    def run(self, steps: float = float("inf")) -> None:
        """The recording loop, each rule body called directly with the bindings it names."""
        self.running = True
        firings = self.record.firings
        strategy, agenda, matcher, facts = self.strategy, self.agenda, self.matcher, self.facts
        pending = agenda.activations
        bodies = self._bodies
        try:
            while steps > 0 and self.running:
                added, removed = matcher.changes(*facts.changes)
                if added or removed:
                    strategy.update_agenda(agenda, added, removed)
                if not pending:
                    break
                activation = pending.pop()  # `agenda.get_next()`
                steps -= 1
                rule = activation.rule
                name = rule.__name__
                firings.append(Firing(name, tuple(activation.facts)))
                called = bodies.get(name)
                if called is None:
                    called = bodies[name] = _Body.of(rule)
                self._firing = name
                try:
                    called.run(self, activation.context)
                finally:
                    self._firing = None
        finally:
            self.running = False

    def get_deffacts(self) -> list[DefFacts]:
        """The deffacts, found once: experta would otherwise search the class at every reset."""
        return self._deffacts

    def reset(self, **kwargs: Any) -> None:
        """Clear the working memory and declare the deffacts, as experta's `reset` does."""
        self.agenda = Agenda()
        self.facts = FactList()
        self.matcher.reset()
        generated = []
        for call in self._deffacts_calls:
            if call.accepts is None:
                generated.append(call.deffacts(**kwargs))
            else:
                chosen = {k: v for k, v in kwargs.items() if k in call.accepts}
                generated.append(call.deffacts(**chosen))
        self._declare_all(*chain.from_iterable(generated))
        self.running = False

    def declare(self, *facts: Fact) -> Any:
        """experta's `declare`, after stamping the facts with the firing rule."""
        self._stamp(facts)
        if not self.facts:
            watchers.ENGINE.warning("Declaring fact before reset()")
        return self._declare_all(*facts)

    def _declare_all(self, *facts: Fact) -> Any:
        """experta's declaration, with the fact list's part inlined and without watcher logs.

        As in experta, every fact is checked before any is declared.
        """
        if any(_has_conditional_element(fact) for fact in facts):
            raise TypeError("Declared facts cannot contain conditional elements")
        plain = [_plain_keys(fact) for fact in facts]
        if not all(plain) and any(fact.has_nested_accessor() for fact in facts):
            raise KeyError("Cannot declare facts containing double underscores as keys.")
        last_inserted = None
        for fact, is_plain in zip(facts, plain, strict=True):
            last_inserted = self._add_fact(fact, is_plain)
        if not self.running:
            added, removed = self.get_activations()
            self.strategy.update_agenda(self.agenda, added, removed)
        return last_inserted

    def _add_fact(self, fact: Fact, is_plain: bool) -> Fact | None:
        """experta's `FactList.declare`: give the fact the next id unless an equal one is there."""
        if not isinstance(fact, Fact):
            raise ValueError("The fact must descend the Fact class.")
        fact.validate()
        if is_plain:  # no special key to leave out
            fact_id = frozenset((fact.__class__, *fact.items()))
        else:
            fact_id = frozenset(
                [fact.__class__, *((k, v) for k, v in fact.items() if not _is_special(k))]
            )
        factlist = self.facts
        counter = factlist.reference_counter
        if not factlist.duplication and fact_id in counter:
            return None
        index = factlist.last_index
        dict.__setitem__(fact, "__factid__", index)
        factlist[index] = fact
        factlist.last_index = index + 1
        factlist.added.append(fact)
        counter[fact_id] = counter.get(fact_id, 0) + 1  # `+= 1`, without `__missing__`
        return fact


def _has_conditional_element(fact: Fact) -> bool:
    """experta's `Fact.has_field_constraints`, looped in C."""
    return any(map(isinstance, fact.values(), repeat(ConditionalElement)))


def _plain_keys(fact: Fact) -> bool:
    """True when every key is a str without a double underscore: nothing nested, nothing special.

    When it is False, experta's own checks decide (`has_nested_accessor`, `is_special`).
    """
    try:
        joined = "\0".join(fact)
    except TypeError:  # a key that is not a str
        return False
    return "__" not in joined


def _is_special(key: Any) -> bool:
    return isinstance(key, str) and key.startswith("__") and key.endswith("__")


def _accepted(function: Any) -> frozenset[str] | None:
    parameters = inspect.signature(function).parameters.values()
    if any(p.kind == inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    return frozenset(p.name for p in parameters)
