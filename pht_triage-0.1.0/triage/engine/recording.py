"""The recording engine, and plain experta with it: each firing kept, each declared fact stamped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from experta import Fact

from rules.rulebase import RuleBase
from triage.engine.strategy import StableStrategy


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
