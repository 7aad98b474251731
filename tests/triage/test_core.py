"""The front door: a `Triage` owns its settings, engines and tables; two side by side never mix."""

from __future__ import annotations

import io
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import triage
from rules.scale import Level
from tests.triage.interview.test_foresight import WalkingDifficultyIsUrgent
from triage import CoreSettings, Triage, default
from triage.engine import CompiledEngine, ExpertaEngine
from triage.screening import Options, OutputFormat, chunks, read_csv

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


def test_each_triage_runs_its_own_rule_base() -> None:
    changed = Triage(rule_base=WalkingDifficultyIsUrgent)
    limping = {"answers": {"walking_difficulty": "yes", "runs_or_sprint_sport": "no"}}
    assert changed.assess(limping).triage.level is Level.CONSULTATION_24
    assert triage.assess(limping).triage.level is Level.CONSULTATION
    assert changed.tables is not default().tables


def test_the_settings_bound_the_engines_a_triage_keeps() -> None:
    core = Triage(CoreSettings(idle_engines=3))
    core.warm(10)
    assert core.engines.idle == 3


def test_a_triage_words_its_assessments_in_the_language_of_its_settings() -> None:
    core = Triage(CoreSettings(locale="en"))
    assert core.texts.language == "en"
    assessment = core.assess(RUNNER)
    assert assessment.disclaimer == core.texts.message("disclaimer")
    assert assessment == default().assess(RUNNER)


def test_a_triage_screens_a_files_rows_with_its_own_settings() -> None:
    rows = "age,sit_bone_pain,sitting_pain\n34,yes,yes\n40,no,no\n"
    clinic = Triage(CoreSettings(prior=0.6))
    source = read_csv(io.BytesIO(rows.encode()), Options())
    with clinic.screener(1) as runner:
        done = list(
            runner.run(chunks(source.decoder, source.rows, OutputFormat.JSONL), lambda: False)
        )
    lines = [json.loads(line) for screened in done for line in screened.text.splitlines()]
    expected = clinic.assess(
        {"age": 34, "answers": {"sit_bone_pain": "yes", "sitting_pain": "yes"}}
    )
    assert len(lines) == 2
    assert lines[0]["assessment"]["likelihood"]["probability"] == expected.likelihood.probability
    assert expected.likelihood.probability != triage.assess(RUNNER).likelihood.probability
