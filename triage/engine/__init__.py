"""Running the rule base: two named engines, a stable firing order and a pool of engines.

`TRIAGE_ENGINE` chooses the engine (see `triage.assessment.pipeline.Settings`):

- `compiled` (the default): `CompiledEngine`, experta's Rete network run by
  `triage.engine.matcher.CompiledReteMatcher`, with declaring and resetting done without experta's
  per-call introspection and logging;
- `experta`: `ExpertaEngine`, a plain experta `KnowledgeEngine` with its own matcher, `reset`
  and `declare`; only the firing order is the project's (`StableStrategy`, through
  `__strategy__`).

Both record each firing and stamp each fact a rule declares with the rule's id; on the same facts
they fire the same rules in the same order (`tests/test_engine.py` runs both side by side).

Building an engine compiles its Rete network (tens of milliseconds for this rule base), so engines
are built once and reused after `reset()`. An engine is the working memory of one run: the pool
hands each run an engine of its own and takes it back afterwards, so no engine is ever used by two
assessments at once.

experta's names this package relies on beyond its public hooks (`__matcher__`, `__strategy__`,
`Strategy.update_agenda`, `declare`, `reset`, `run`, `get_activations`, `get_deffacts`,
`Matcher.changes`, `Agenda.get_next`, `FactList.changes`), in one place, each with why:

| name | where | why |
|---|---|---|
| `Strategy._update_agenda` | `StableStrategy` | the one method a strategy must define (experta's abstract hook) |
| `FactList.reference_counter`, `.last_index`, `.added`, `.duplication` | `CompiledEngine._add_fact` | `FactList.declare` inlined: the same ids and duplicate check without its calls |
| `Fact._Fact__defaults` | `rules.fact.BaseFact` | experta's `Fact.__init__` sets it; a fact built without that call must have it |
| `ReteMatcher.root_node`, the nodes' `children`, `matcher`, `callback`, and the checks' `what`, `check`, `expected`, `fact_type`, `bind` | `triage.engine.matcher` | the network experta builds has no public way to walk it |
| `experta.matchers.rete.nodes`, `.check` | `triage.engine.matcher` | the node and check classes, to know what each node does |
"""

from __future__ import annotations

import bisect
import inspect
import operator
import queue
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any, ClassVar

from experta import Fact, watchers
from experta.abstract import Strategy
from experta.activation import Activation
from experta.agenda import Agenda
from experta.conditionalelement import ConditionalElement
from experta.deffacts import DefFacts
from experta.factlist import FactList

from rules.rulebase import RuleBase
from triage.engine.matcher import CompiledReteMatcher

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


class RecordingEngine(RuleBase):
    """The rule base with a recording run loop; each fact a rule declares is stamped with its id."""

    name: ClassVar[str]
    """The engine's name, the value of `TRIAGE_ENGINE` that chooses it."""

    __strategy__ = StableStrategy

    def __init__(self) -> None:
        super().__init__()
        self._firing: str | None = None
        self.record = Run()

    def start(self, *facts: Fact) -> None:
        """Clear the working memory and declare the first facts of a new run."""
        self.reset()
        self.record = Run()
        self.declare(*facts)

    def _stamp(self, facts: tuple[Fact, ...]) -> None:
        """Write the firing rule's id into each fact (a str, which experta's `freeze` keeps)."""
        if self._firing is not None:
            for fact in facts:
                if fact.get("__factid__") is not None:
                    raise RuntimeError("A fact can't be modified after declaration.")
                dict.__setitem__(fact, "rule", self._firing)

    def run(self, steps: float = float("inf")) -> None:
        """Fire activations until none is left, recording each firing (experta's loop)."""
        self.running = True
        firings = self.record.firings
        strategy, agenda = self.strategy, self.agenda
        try:
            while steps > 0 and self.running:
                added, removed = self.get_activations()
                if added or removed:
                    strategy.update_agenda(agenda, added, removed)
                activation = agenda.get_next()
                if activation is None:
                    break
                steps -= 1
                rule = activation.rule
                name = rule.__name__
                firings.append(Firing(name, tuple(activation.facts)))
                self._firing = name
                try:
                    rule(self, **{k: v for k, v in activation.context.items() if k[:2] != "__"})
                finally:
                    self._firing = None
        finally:
            self.running = False

    def facts_of(self, fact_type: type[Fact]) -> list[Fact]:
        """The facts of one type in working memory, in declaration order."""
        return [fact for fact in self.facts.values() if type(fact) is fact_type]


class ExpertaEngine(RecordingEngine):
    """Plain experta: its own Rete matcher, `reset`, `declare` and agenda; the stable order."""

    name = "experta"

    def declare(self, *facts: Fact) -> Any:
        """experta's `declare`, after stamping the facts with the firing rule."""
        self._stamp(facts)
        return super().declare(*facts)


@dataclass(frozen=True, slots=True)
class _DefFactsCall:
    """A deffacts generator and the reset keywords it accepts (None: any keyword)."""

    deffacts: DefFacts
    accepts: frozenset[str] | None


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


ENGINES: dict[str, type[RecordingEngine]] = {
    engine.name: engine for engine in (CompiledEngine, ExpertaEngine)
}
"""The engines by name; `TRIAGE_ENGINE` chooses one."""


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

    `build` makes a new engine (an engine class, or a function choosing one). With `reuse=False`
    every run gets a new engine: the naive pattern, for benchmarks.
    """

    def __init__(
        self, build: Callable[[], RecordingEngine] = CompiledEngine, *, reuse: bool = True
    ) -> None:
        self._idle: queue.SimpleQueue[RecordingEngine] = queue.SimpleQueue()
        self._build = build
        self._reuse = reuse
        self.built = 0

    @contextmanager
    def engine(self) -> Iterator[RecordingEngine]:
        """Borrow an idle engine, building one when none is idle."""
        try:
            engine = self._idle.get_nowait()
        except queue.Empty:
            engine = self._build()
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
            self._idle.put(self._build())
