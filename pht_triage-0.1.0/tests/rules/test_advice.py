"""Advice rules, keyed by rule id: staged advice fitted to the level, with evidence notes where it departs."""

from __future__ import annotations

from typing import Any

import pytest

from rules.advice import ADVICE, Stage
from rules.catalogue import catalogue
from tests.rule_tables import run, screened

Y = "yes"
FITTING = {"sit_bone_pain": Y, "sitting_pain": Y, "stretch_pain": Y, "acceleration_pain": Y}
MILD = {**FITTING, "duration_weeks": 2, "pain_severity": 3}
"""A fitting picture that is also recent and mild: home care (`tests/rules/test_levels.py`)."""
EXERCISE = {
    "glute_activation",
    "hip_flexor_stretch",
    "hamstring_strengthening",
    "return_to_running",
}

# rule id: (answers, advice items it must give)
TABLE: dict[str, tuple[dict[str, Any], set[str]]] = {
    "advice_emergency": (
        {"saddle_numbness": Y},
        {"follow_urgent_advice", "no_exercise_until_seen"},
    ),
    "advice_same_day": ({"calf_thigh_swelling": Y}, {"no_exercise_until_seen"}),
    "advice_protect_suspected_tear": (
        {"sudden_onset": Y, "felt_pop": Y},
        {"protect_suspected_tear"},
    ),
    "advice_book_assessment": ({**FITTING, "constant_pain": Y}, {"book_assessment"}),
    "advice_settle_pain": (FITTING, {"relative_rest", "sitting_offload", "avoid_early_stretching"}),
    "advice_rehabilitation": (FITTING, EXERCISE),
    "advice_safety_net": (MILD, {"safety_net"}),
}


def test_the_table_covers_every_advice_rule() -> None:
    assert set(TABLE) == {e.id for e in catalogue() if e.info.area == "advice"}


@pytest.mark.parametrize("rule_id", sorted(TABLE))
def test_advice_rule_fires_and_gives_its_items(rule_id: str) -> None:
    answers, items = TABLE[rule_id]
    assessment = run(screened(answers), age=40)
    assert rule_id in assessment.explanation.fired_rules
    assert items <= {item.id for item in assessment.advice}


def test_no_exercise_advice_with_an_emergency() -> None:
    given = {item.id for item in run(screened({**FITTING, "saddle_numbness": Y})).advice}
    assert not given & (EXERCISE | {"relative_rest"})


def test_no_stretching_or_strengthening_for_a_suspected_tear_before_assessment() -> None:
    given = {item.id for item in run(screened({**FITTING, "hamstring_gap_or_weakness": Y})).advice}
    assert "protect_suspected_tear" in given
    assert not given & EXERCISE


def test_advice_that_departs_from_the_article_says_why() -> None:
    assert ADVICE["relative_rest"].evidence_note
    assert "complete rest" in (ADVICE["relative_rest"].evidence_note or "")
    assert "bent-knee" in (ADVICE["avoid_early_stretching"].evidence_note or "")


def test_advice_comes_in_the_article_s_stage_order() -> None:
    stages = [Stage(item.stage) for item in run(screened(FITTING)).advice]
    order = list(Stage)
    assert stages == sorted(stages, key=order.index)
    assert Stage.SETTLE_PAIN in stages
    assert Stage.RETURN_TO_RUNNING in stages


def test_every_advice_item_has_a_source_and_every_assessment_a_disclaimer() -> None:
    assessment = run(screened(FITTING))
    assert all(item.source for item in assessment.advice)
    assert "not a diagnosis" in assessment.disclaimer
    assert assessment.rule_base_version


def test_a_suspected_tear_with_an_emergency_gets_only_the_urgent_advice() -> None:
    assessment = run({"saddle_numbness": Y, "sudden_onset": Y, "felt_pop": Y}, age=40)
    assert assessment.triage.level.is_emergency()
    assert {item.id for item in assessment.advice} == {
        "follow_urgent_advice",
        "no_exercise_until_seen",
    }
