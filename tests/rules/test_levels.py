"""Triage rules without red flags, keyed by rule id: the article's signals and the likelihood set the level."""

from __future__ import annotations

from typing import Any

import pytest

from rules.catalogue import catalogue
from rules.scale import Level
from tests.rule_tables import run, screened

Y = "yes"
FITTING = {"sit_bone_pain": Y, "sitting_pain": Y}
"""Answers that put tendinopathy in the high band, so that the likelihood rule stays out of the way."""

# rule id: (answers, the level it leads to with the red-flag screen clear)
TABLE: dict[str, tuple[dict[str, Any], Level]] = {
    "triage_constant_pain": ({**FITTING, "constant_pain": Y}, Level.CONSULTATION),
    "triage_sleep_or_daily_impact": ({**FITTING, "sleep_or_daily_impact": Y}, Level.CONSULTATION),
    "triage_severe_pain": ({**FITTING, "pain_severity": 7}, Level.CONSULTATION),
    "triage_long_duration": ({**FITTING, "duration_weeks": 6}, Level.CONSULTATION),
    "triage_walking_difficulty": ({**FITTING, "walking_difficulty": Y}, Level.CONSULTATION),
    "triage_low_likelihood": ({"sit_bone_pain": "no"}, Level.CONSULTATION),
    "triage_differential_needs_assessment": (
        {**FITTING, "long_stride_pain": Y},
        Level.CONSULTATION,
    ),
    "triage_self_care": (FITTING, Level.SELF_CARE),
}


def test_the_table_covers_every_triage_rule_but_the_screen_rule() -> None:
    ids = {e.id for e in catalogue() if e.info.area == "triage"}
    assert ids - set(TABLE) == {"triage_screen_incomplete"}


@pytest.mark.parametrize("rule_id", sorted(TABLE))
def test_triage_rule_fires_and_sets_the_level(rule_id: str) -> None:
    answers, level = TABLE[rule_id]
    assessment = run(screened(answers))
    assert rule_id in assessment.explanation.fired_rules
    assert assessment.triage.level is level


def test_an_incomplete_red_flag_screen_rules_out_self_care() -> None:
    answers = screened(FITTING)
    del answers["night_pain"]
    assessment = run(answers)
    assert "triage_screen_incomplete" in assessment.explanation.fired_rules
    assert assessment.triage.level is Level.CONSULTATION
    assert assessment.red_flag_screen.unanswered == ["night_pain"]


@pytest.mark.parametrize(("score", "level"), [(6, Level.SELF_CARE), (7, Level.CONSULTATION)])
def test_severe_pain_starts_at_seven_of_ten(score: int, level: Level) -> None:
    assert run(screened({**FITTING, "pain_severity": score})).triage.level is level


@pytest.mark.parametrize(("weeks", "level"), [(5, Level.SELF_CARE), (6, Level.CONSULTATION)])
def test_six_weeks_of_pain_warrants_a_consultation(weeks: int, level: Level) -> None:
    assert run(screened({**FITTING, "duration_weeks": weeks})).triage.level is level


def test_reasons_name_what_set_the_level() -> None:
    assessment = run(screened({**FITTING, "constant_pain": Y}))
    assert assessment.triage.reasons == [
        "The pain is there most of the time, a sign the problem has progressed."
    ]
