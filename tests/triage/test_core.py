"""The front door: a `Triage` owns its settings, engines and tables; two side by side never mix."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from pydantic import ValidationError

import triage
from rules.scale import Level
from tests.triage.interview.test_foresight import WalkingDifficultyIsUrgent
from triage import CoreSettings, Triage, default, from_environment
from triage.engine import CompiledEngine, EnginePool, ExpertaEngine

RUNNER = {"age": 34, "answers": {"sit_bone_pain": "yes", "sitting_pain": "yes"}}


def probability(core: Triage, intake: dict[str, Any] = RUNNER) -> float:
    return core.assess(intake).likelihood.probability


def test_two_triages_with_different_settings_work_side_by_side_in_one_thread_pool() -> None:
    low, high = Triage(CoreSettings(prior=0.1)), Triage(CoreSettings(prior=0.6, engine="experta"))
    alone = {id(low): probability(low), id(high): probability(high)}
    assert alone[id(low)] < alone[id(high)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        mixed = list(pool.map(lambda core: (id(core), probability(core)), [low, high] * 20))
    assert all(found == alone[core] for core, found in mixed)
    assert low.engines is not high.engines
    with high.engines.engine() as engine:
        assert isinstance(engine, ExpertaEngine)
    with low.engines.engine() as engine:
        assert isinstance(engine, CompiledEngine)


def test_the_library_functions_run_the_default_triage_with_the_default_settings() -> None:
    assert default() is default()
    assert default().settings == CoreSettings()
    assert triage.assess(RUNNER) == default().assess(RUNNER)
    assert triage.next_step(RUNNER) == default().next_step(RUNNER)


def test_the_core_never_reads_the_environment_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    before = probability(Triage())
    monkeypatch.setenv("TRIAGE_PRIOR", "0.9")
    monkeypatch.setenv("TRIAGE_ENGINE", "experta")
    assert probability(Triage()) == before
    assert triage.assess(RUNNER).likelihood.probability == before
    read = from_environment()
    assert (read.prior, read.engine) == (0.9, "experta")
    assert from_environment(prior=0.2).prior == 0.2  # a value given wins over the environment
    assert "TRIAGE_PRIOR" in os.environ


def test_a_bad_setting_in_the_environment_is_refused_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRIAGE_ENGINE", "fast")
    with pytest.raises(ValidationError, match="engine"):
        from_environment()


def test_each_triage_runs_its_own_rule_base() -> None:
    changed = Triage(rule_base=WalkingDifficultyIsUrgent)
    limping = {"answers": {"walking_difficulty": "yes", "runs_or_sprint_sport": "no"}}
    assert changed.assess(limping).triage.level is Level.CONSULTATION_24
    assert triage.assess(limping).triage.level is Level.CONSULTATION
    assert changed.tables is not default().tables


def test_a_pool_keeps_at_most_its_bound_of_idle_engines() -> None:
    pool = EnginePool(max_idle=2)
    release = threading.Event()
    borrowed = threading.Barrier(6)

    def borrow() -> None:
        with pool.engine():
            borrowed.wait()
            release.wait()

    threads = [threading.Thread(target=borrow) for _ in range(5)]
    for thread in threads:
        thread.start()
    borrowed.wait()  # five engines lent at once
    release.set()
    for thread in threads:
        thread.join()
    assert pool.built == 5
    assert pool.idle == 2
    pool.warm(10)
    assert pool.idle == 2


def test_the_settings_bound_the_engines_a_triage_keeps() -> None:
    core = Triage(CoreSettings(idle_engines=3))
    core.warm(10)
    assert core.engines.idle == 3
