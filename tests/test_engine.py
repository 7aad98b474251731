"""The optimised engine gives exactly what a plain experta engine of the same rule base gives.

`PlainEngine` below is the engine as experta runs it: experta's own Rete matcher, `reset`,
`declare` and agenda, with the recording run loop and the stable strategy written in the simplest
way. Every assessment and every rule firing (order, ids and matched facts) of the optimised engine
must equal it, on realistic and on shapeless intakes, from one thread or many.
"""

from __future__ import annotations

import bisect
import functools
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import Any, cast

import pytest
from experta import Fact
from experta.abstract import Strategy
from experta.activation import Activation
from experta.matchers import ReteMatcher

from benchmarks.intakes import GENERATORS, IntakeData, distinct
from rules.base import Answers, Evidence, RedFlag
from rules.rulebase import RuleBase
from triage import freezing
from triage.assess import Evaluation, _Stages, answers_fact, engine_pool, evaluate, settings
from triage.engine import EnginePool, Firing, Run, TriageEngine
from triage.matcher import CompiledReteMatcher
from triage.models import parse_intake
from triage.vocabulary import YES


class PlainStrategy(Strategy):  # type: ignore[misc]
    """The stable order (salience, newest facts, rule id), with nothing cached."""

    def _update_agenda(self, agenda: Any, added: list[Any], removed: list[Any]) -> None:
        for activation in removed:
            activation.key = _plain_key(activation)
            with suppress(ValueError):
                agenda.activations.remove(activation)
        for activation in added:
            activation.key = _plain_key(activation)
            bisect.insort(agenda.activations, activation)


def _plain_key(activation: Activation) -> tuple[int, list[int], str]:
    facts = sorted((fact["__factid__"] for fact in activation.facts), reverse=True)
    name = "".join(chr(0x10FFFF - ord(c)) for c in activation.rule._wrapped.__name__)
    return activation.rule.salience, facts, name


class PlainEngine(RuleBase):
    """The rule base on experta's own matcher, reset, declare and agenda."""

    __matcher__ = ReteMatcher
    __strategy__ = PlainStrategy

    def __init__(self) -> None:
        super().__init__()
        self._firing: str | None = None
        self.record = Run()

    def start(self, *facts: Fact) -> None:
        self.reset()
        self.record = Run()
        self.declare(*facts)

    def declare(self, *facts: Fact) -> Any:
        if self._firing is not None:
            for fact in facts:
                fact["rule"] = self._firing
        return super().declare(*facts)

    def run(self, steps: float = float("inf")) -> None:
        self.running = True
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
            context = {k: v for k, v in activation.context.items() if not k.startswith("__")}
            activation.rule(self, **context)
            self._firing = None
        self.running = False

    def facts_of(self, fact_type: type[Fact]) -> list[Fact]:
        return [fact for fact in self.facts.values() if type(fact) is fact_type]


def plain_evaluation(intake: IntakeData) -> Evaluation:
    """The evaluation by a freshly built plain experta engine."""
    engine = cast(TriageEngine, PlainEngine())
    return _Stages(engine, parse_intake(intake), settings().prior).evaluate()


def snapshot(evaluation: Evaluation) -> Any:
    """Everything an evaluation says, as JSON data: the assessment and each firing's facts."""
    said = {
        "assessment": evaluation.assessment.model_dump(mode="json"),
        "firings": [(firing.rule, firing.facts()) for firing in evaluation.firings],
    }
    return json.loads(json.dumps(said))


def intakes(count_per_kind: int) -> Iterator[tuple[str, IntakeData]]:
    """Distinct realistic (full, sparse, mid-interview) and shapeless intakes."""
    for kind, make in GENERATORS.items():
        for intake in distinct(make, count_per_kind, seed=2026):
            yield kind, intake


CASES = list(intakes(60))


@functools.cache
def plain_snapshots() -> list[Any]:
    """What plain engines, one freshly built for each intake, give for every case.

    They run in a fresh interpreter that never builds a `TriageEngine`, so that experta builds
    and freezes facts with its own code there (`triage.freezing` is not installed).
    """
    done = subprocess.run(
        [sys.executable, "-c", f"import {__name__} as t; t.print_plain_snapshots()"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
    )
    found: list[Any] = json.loads(done.stdout)
    return found


def print_plain_snapshots() -> None:
    """Print the plain engines' snapshots of every case as JSON (run by `plain_snapshots`)."""
    assert not freezing.installed()
    print(json.dumps([snapshot(plain_evaluation(intake)) for _, intake in CASES]))
    assert not freezing.installed()


def test_the_engine_uses_the_compiled_matcher() -> None:
    engine = TriageEngine()
    assert isinstance(engine.matcher, CompiledReteMatcher)


def test_assessments_and_firings_equal_a_plain_experta_engine_on_hundreds_of_intakes() -> None:
    differing = [
        kind
        for (kind, intake), expected in zip(CASES, plain_snapshots(), strict=True)
        if snapshot(evaluate(intake)) != expected
    ]
    assert not differing, f"{len(differing)} of {len(CASES)} differ: {differing[:5]}"


def test_a_reused_engine_equals_a_fresh_one_after_any_previous_run() -> None:
    engine = TriageEngine()
    prior = settings().prior
    # The same engine runs every intake in turn: nothing of one run may leak into the next.
    for (_, intake), expected in zip(CASES, plain_snapshots(), strict=True):
        evaluation = _Stages(engine, parse_intake(intake), prior).evaluate()
        assert snapshot(evaluation) == expected


def test_the_order_of_the_answers_changes_nothing() -> None:
    for (_, intake), expected in list(zip(CASES, plain_snapshots(), strict=True))[::7]:
        reversed_answers = dict(reversed(list(intake["answers"].items())))
        assert snapshot(evaluate({**intake, "answers": reversed_answers})) == expected


def test_assessments_from_many_threads_at_once_equal_the_single_threaded_ones() -> None:
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, to interleave runs as much as possible
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda case: snapshot(evaluate(case[1])), CASES * 2))
    finally:
        sys.setswitchinterval(switch)
    assert results == plain_snapshots() * 2


def test_the_pool_never_lends_one_engine_to_two_runs_at_once() -> None:
    pool = EnginePool()
    lent: set[int] = set()
    clash = threading.Event()
    guard = threading.Lock()

    def borrow(_: int) -> None:
        with pool.engine() as engine:
            with guard:
                if id(engine) in lent:
                    clash.set()
                lent.add(id(engine))
            engine.start(Answers(sit_bone_pain=YES))
            engine.run()
            with guard:
                lent.discard(id(engine))

    with ThreadPoolExecutor(max_workers=6) as executor:
        list(executor.map(borrow, range(60)))
    assert not clash.is_set()
    assert 1 <= pool.built <= 6


def test_firing_order_is_the_same_in_processes_with_different_string_hashing() -> None:
    script = (
        "import json, sys\n"
        "from triage.assess import evaluate\n"
        "cases = json.load(sys.stdin)\n"
        "print(json.dumps([[f.rule for f in evaluate(c).firings] for c in cases]))\n"
    )
    cases = [intake for _, intake in CASES[::10]]
    orders = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps(cases),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        orders.append(json.loads(done.stdout))
    here = [[f.rule for f in evaluate(c).firings] for c in cases]
    assert orders[0] == orders[1] == here


def test_reset_clears_the_working_memory_and_the_agenda() -> None:
    engine = TriageEngine()
    engine.start(Answers(sit_bone_pain=YES, saddle_numbness=YES))
    engine.run()
    assert engine.facts_of(RedFlag)
    engine.reset()
    assert [type(fact).__name__ for fact in engine.facts.values()] == ["InitialFact"]
    assert engine.agenda.activations == []
    engine.start(Answers(sit_bone_pain=YES))
    engine.run()
    assert engine.facts_of(RedFlag) == []
    assert [f["question"] for f in engine.facts_of(Evidence)] == ["sit_bone_pain"]


def test_declared_facts_carry_the_rule_that_declared_them() -> None:
    engine = TriageEngine()
    engine.start(Answers(sit_bone_pain=YES))
    engine.run()
    (evidence,) = engine.facts_of(Evidence)
    assert evidence["rule"] == "likelihood_sit_bone_pain_yes"
    assert [firing.rule for firing in engine.record.firings] == ["likelihood_sit_bone_pain_yes"]


def test_a_declared_fact_cannot_be_changed_afterwards() -> None:
    engine = TriageEngine()
    fact = Answers(sit_bone_pain=YES)
    engine.start(fact)
    with pytest.raises(RuntimeError, match="can't be modified"):
        fact["back_pain"] = YES


def test_the_answers_fact_equals_the_one_experta_builds_key_by_key() -> None:
    for _, intake in CASES:
        parsed = parse_intake(intake)
        values: dict[str, Any] = {q.value: value for q, value in parsed.known().items()}
        values.update({k: v for k in ("age", "sex") if (v := getattr(parsed, k)) is not None})
        built, expected = answers_fact(parsed), Answers(**values)
        assert built == expected
        assert list(built.items()) == list(expected.items())


def test_the_process_pool_reuses_engines() -> None:
    before = engine_pool().built
    for _, intake in CASES[:20]:
        evaluate(intake)
    assert engine_pool().built - before <= 1
