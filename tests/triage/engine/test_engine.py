"""The compiled engine gives exactly what plain experta gives, both side by side in one process.

`ExpertaEngine` is the rule base on experta as it is: its own Rete matcher, `reset`, `declare` and
agenda, with the project's stable firing order through `__strategy__`. Every assessment and every
rule firing (order, ids and matched facts) of `CompiledEngine` must equal it, on realistic,
shapeless and hypothesis-generated intakes, from one thread or many.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from experta import KnowledgeEngine
from experta.matchers import ReteMatcher
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from benchmarks.intakes import GENERATORS, IntakeData, distinct
from rules.base import Answers, Evidence, RedFlag
from rules.vocabulary import YES
from triage import CoreSettings, Evaluation, Triage, default, evaluate
from triage.assessment.pipeline import answers_fact, evaluate_on
from triage.devtools.testing import full_intakes, intakes, sparse_intakes
from triage.engine import (
    ENGINES,
    CompiledEngine,
    ExpertaEngine,
    RecordingEngine,
    StableStrategy,
)
from triage.engine.matcher import CompiledReteMatcher
from triage.models import parse_intake


@functools.cache
def reference() -> ExpertaEngine:
    """The reference: plain experta (its matcher, reset, declare and agenda), reused after reset."""
    return ExpertaEngine()


def evaluation_by(engine: RecordingEngine, intake: IntakeData) -> Evaluation:
    """One intake's evaluation by a given engine."""
    return evaluate_on(engine, intake, CoreSettings().prior)


def snapshot(evaluation: Evaluation) -> Any:
    """Everything an evaluation says, as JSON data: the assessment and each firing's facts."""
    said = {
        "assessment": evaluation.assessment.model_dump(mode="json"),
        "firings": [(firing.rule, firing.facts()) for firing in evaluation.firings],
    }
    return json.loads(json.dumps(said))


def generated(count_per_kind: int) -> Iterator[tuple[str, IntakeData]]:
    """Distinct realistic (full, sparse, mid-interview) and shapeless intakes."""
    for kind, make in GENERATORS.items():
        for intake in distinct(make, count_per_kind, seed=2026):
            yield kind, intake


CASES = list(generated(60))


@functools.cache
def compiled() -> CompiledEngine:
    """One compiled engine, reused after reset, for the side-by-side property test."""
    return CompiledEngine()


@functools.cache
def plain_snapshots() -> list[Any]:
    """What plain experta gives for every case, in this process, next to the compiled engine."""
    return [snapshot(evaluation_by(reference(), intake)) for _, intake in CASES]


def test_the_default_engine_is_the_compiled_one_and_the_setting_chooses_plain_experta() -> None:
    with Triage().engines.engine() as engine:
        assert isinstance(engine, CompiledEngine)
    with Triage(CoreSettings(engine="experta")).engines.engine() as engine:
        assert isinstance(engine, ExpertaEngine)
    assert isinstance(CompiledEngine().matcher, CompiledReteMatcher)
    assert ENGINES[CoreSettings(engine="experta").engine] is ExpertaEngine
    engine = ExpertaEngine()
    assert type(engine.matcher) is ReteMatcher
    assert type(engine.strategy) is StableStrategy
    for name in ("reset", "get_activations", "get_deffacts", "retract", "modify"):
        assert getattr(ExpertaEngine, name) is getattr(KnowledgeEngine, name)


def test_an_unknown_engine_name_is_refused_naming_the_choices() -> None:
    with pytest.raises(ValidationError, match="choose one of compiled, experta"):
        CoreSettings(engine="fast")


@pytest.mark.slow
@given(st.one_of(intakes(), full_intakes(), sparse_intakes()))
def test_both_engines_fire_the_same_rules_in_order_and_give_the_same_assessment(
    intake: IntakeData,
) -> None:
    assert snapshot(evaluation_by(compiled(), intake)) == snapshot(
        evaluation_by(reference(), intake)
    )


@pytest.mark.slow
def test_assessments_and_firings_equal_plain_experta_on_hundreds_of_intakes() -> None:
    differing = [
        kind
        for (kind, intake), expected in zip(CASES, plain_snapshots(), strict=True)
        if snapshot(evaluate(intake)) != expected
    ]
    assert not differing, f"{len(differing)} of {len(CASES)} differ: {differing[:5]}"


def test_a_reused_engine_equals_a_fresh_one_after_any_previous_run() -> None:
    engine = CompiledEngine()
    prior = CoreSettings().prior
    # The same engine runs every intake in turn: nothing of one run may leak into the next.
    for (_, intake), expected in zip(CASES, plain_snapshots(), strict=True):
        evaluation = evaluate_on(engine, intake, prior)
        assert snapshot(evaluation) == expected


def test_the_order_of_the_answers_changes_nothing() -> None:
    for (_, intake), expected in list(zip(CASES, plain_snapshots(), strict=True))[::7]:
        reversed_answers = dict(reversed(list(intake["answers"].items())))
        assert snapshot(evaluate({**intake, "answers": reversed_answers})) == expected


@pytest.mark.slow
def test_assessments_from_many_threads_at_once_equal_the_single_threaded_ones() -> None:
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, to interleave runs as much as possible
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda case: snapshot(evaluate(case[1])), CASES * 2))
    finally:
        sys.setswitchinterval(switch)
    assert results == plain_snapshots() * 2


@pytest.mark.slow
def test_firing_order_is_the_same_in_processes_with_different_string_hashing() -> None:
    script = (
        "import json, sys\n"
        "from triage import evaluate\n"
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
    engine = CompiledEngine()
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
    engine = CompiledEngine()
    engine.start(Answers(sit_bone_pain=YES))
    engine.run()
    (evidence,) = engine.facts_of(Evidence)
    assert evidence["rule"] == "likelihood_sit_bone_pain_yes"
    assert [firing.rule for firing in engine.record.firings] == ["likelihood_sit_bone_pain_yes"]


def test_a_declared_fact_cannot_be_changed_afterwards() -> None:
    engine = CompiledEngine()
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


def test_the_default_triage_reuses_engines() -> None:
    before = default().engines.built
    for _, intake in CASES[:20]:
        evaluate(intake)
    assert default().engines.built - before <= 1


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_no_answer_or_level_reaches_a_log_whatever_the_root_loggers_level(
    engine: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    run = ENGINES[engine]()
    run.start(
        answers_fact(parse_intake({"answers": {"saddle_numbness": "yes", "night_pain": "no"}}))
    )
    run.run()
    assert run.record.firings
    assert not [r.name for r in caplog.records if r.name.startswith("experta")]
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "saddle_numbness" not in logged
    assert "emergency" not in logged.lower()
