"""Running the rule base: a recording experta engine, a stable firing order and a pool of engines.

Building an engine compiles its Rete network (tens of milliseconds for this rule base), so engines
are built once and reused after `reset()`. An engine is the working memory of one run: the pool
hands each run an engine of its own and takes it back afterwards, so no engine is ever used by two
assessments at once.

The engine runs experta's network through `triage.matcher` and keeps experta's semantics for
declaring, resetting and firing, without its per-call introspection and logging: the same facts get
the same ids, and the same activations fire in the same order as on a plain experta engine.
"""

from __future__ import annotations

import bisect
import inspect
import operator
import queue
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

from experta import Fact, watchers
from experta.abstract import Strategy
from experta.activation import Activation
from experta.agenda import Agenda
from experta.conditionalelement import ConditionalElement
from experta.deffacts import DefFacts
from experta.factlist import FactList

from rules.rulebase import RuleBase
from triage import freezing
from triage.matcher import CompiledReteMatcher

_ACTIVATION_KEY = operator.attrgetter("key")


class StableStrategy(Strategy):  # type: ignore[misc]
    """Fire by salience, then newest facts first, then rule id: never by hash or set order.

    experta's own strategy leaves ties between rules that match the same facts to the order of
    its network, which depends on string hashing and so differs between processes.
    """

    _inverted: dict[str, str] = {}  # noqa: RUF012 (a cache shared by all engines, one per rule)

    @staticmethod
    def key(activation: Activation) -> tuple[int, list[int], str]:
        """Order of firing: the activation with the largest key fires first."""
        facts = [fact["__factid__"] for fact in activation.facts]
        if len(facts) > 1:
            facts.sort(reverse=True)
        # Reverse the id so that, on ties, rules fire in alphabetical order.
        name = activation.rule._wrapped.__name__
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


@dataclass(frozen=True, slots=True)
class _DefFactsCall:
    """A deffacts generator and the reset keywords it accepts (None: any keyword)."""

    deffacts: DefFacts
    accepts: frozenset[str] | None


class TriageEngine(RuleBase):
    """The rule base with a recording run loop; each declared fact is stamped with its rule."""

    __matcher__ = CompiledReteMatcher
    __strategy__ = StableStrategy

    def __init__(self) -> None:
        freezing.install()
        super().__init__()
        self._deffacts: list[DefFacts] = super().get_deffacts()
        self._deffacts_calls = tuple(_DefFactsCall(d, _accepted(d)) for d in self._deffacts)
        self._firing: str | None = None
        self.record = Run()

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
        self._KnowledgeEngine__declare(*chain.from_iterable(generated))
        self.running = False

    def start(self, *facts: Fact) -> None:
        """Clear the working memory and declare the first facts of a new run."""
        self.reset()
        self.record = Run()
        self.declare(*facts)

    def declare(self, *facts: Fact) -> Any:
        """Declare facts, stamping each with the id of the rule that is firing."""
        if self._firing is not None:
            for fact in facts:
                # `fact["rule"] = ...` without experta's `freeze` (a str stays as it is).
                if fact.get("__factid__") is not None:
                    raise RuntimeError("A fact can't be modified after declaration.")
                dict.__setitem__(fact, "rule", self._firing)
        if not self.facts:
            watchers.ENGINE.warning("Declaring fact before reset()")
        return self._KnowledgeEngine__declare(*facts)

    def _KnowledgeEngine__declare(self, *facts: Fact) -> Any:  # noqa: N802 (experta's name)
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
            self.strategy._update_agenda(self.agenda, added, removed)
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

    def get_activations(self) -> tuple[list[Any], list[Any]]:
        """The agenda's changes since the last call (experta's, without the method lookups)."""
        added, removed = self.facts.changes
        return self.matcher.changes(added, removed)  # type: ignore[no-any-return]

    def run(self, steps: float = float("inf")) -> None:
        """Fire activations until none is left, recording each firing."""
        self.running = True
        firings = self.record.firings
        strategy = self.strategy
        try:
            while steps > 0 and self.running:
                added, removed = self.get_activations()
                if added or removed:
                    strategy._update_agenda(self.agenda, added, removed)
                pending = self.agenda.activations
                if not pending:
                    break
                activation = pending.pop()
                steps -= 1
                rule = activation.rule
                name = rule._wrapped.__name__
                firings.append(Firing(name, tuple(activation.facts)))
                self._firing = name
                try:
                    _fire(rule, self, activation.context)
                finally:
                    self._firing = None
        finally:
            self.running = False

    def facts_of(self, fact_type: type[Fact]) -> list[Fact]:
        """The facts of one type in working memory, in declaration order."""
        return [fact for fact in self.facts.values() if type(fact) is fact_type]


def _fire(rule: Any, engine: TriageEngine, context: dict[str, Any]) -> None:
    """`rule(engine, **bindings)`, as experta's `Rule.__call__` does it, one call fewer."""
    bindings = {k: v for k, v in context.items() if not k.startswith("__")}
    if bindings and rule._wrapped_args:
        bindings = {k: v for k, v in bindings.items() if k in rule._wrapped_args}
    if rule._wrapped_self is None:
        rule._wrapped(engine, **bindings)
    else:
        rule._wrapped(rule._wrapped_self, engine, **bindings)


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


def _accepted(deffacts: DefFacts) -> frozenset[str] | None:
    parameters = inspect.signature(deffacts).parameters.values()
    if any(p.kind == inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    return frozenset(p.name for p in parameters)


class EnginePool:
    """Engines for reuse; each run borrows one for itself and returns it when done.

    With `reuse=False` every run gets a new engine: the naive pattern, for benchmarks.
    """

    def __init__(self, *, reuse: bool = True) -> None:
        self._idle: queue.SimpleQueue[TriageEngine] = queue.SimpleQueue()
        self._reuse = reuse
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
            if self._reuse:
                self._idle.put(engine)

    def warm(self, count: int = 1) -> None:
        """Build engines ahead of the first requests."""
        for _ in range(count):
            self.built += 1
            self._idle.put(TriageEngine())
