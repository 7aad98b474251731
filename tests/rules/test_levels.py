"""Triage rules without red flags, keyed by rule id: the article's signals and the likelihood set the level.

Home care needs positive evidence (contract §3): `MILD` is a complete screen, a clear picture of
tendinopathy and a short, mild pain, which is home care; each rule that stands in its way is shown
on `MILD` with one answer changed.
"""

from __future__ import annotations

from typing import Any

import pytest

from rules.base import Concern
from rules.catalogue import by_id, catalogue
from rules.levels import LONG_DURATION_WEEKS, SEVERE_PAIN_SCORE
from rules.patterns import satisfies
from rules.replay import declared_by
from rules.scale import Level
from rules.structure import required_answers
from tests.rule_tables import run, screened
from triage import evaluate

Y = "yes"
FITTING = {"sit_bone_pain": Y, "sitting_pain": Y, "stretch_pain": Y, "acceleration_pain": Y}
"""Answers that put tendinopathy in the high band, so that the likelihood rule stays out of the way."""

MILD: dict[str, Any] = {**FITTING, "duration_weeks": 2, "pain_severity": 3}
"""A recent, mild overload: the fitting answers with a short duration and a mild worst pain."""

# rule id: (answers, the level it leads to with the red-flag screen clear)
TABLE: dict[str, tuple[dict[str, Any], Level]] = {
    "triage_constant_pain": ({**MILD, "constant_pain": Y}, Level.CONSULTATION),
    "triage_sleep_or_daily_impact": ({**MILD, "sleep_or_daily_impact": Y}, Level.CONSULTATION),
    "triage_severe_pain": ({**MILD, "pain_severity": 7}, Level.CONSULTATION),
    "triage_long_duration": ({**MILD, "duration_weeks": 4}, Level.CONSULTATION),
    "triage_duration_unknown": (
        {k: v for k, v in MILD.items() if k != "duration_weeks"},
        Level.CONSULTATION,
    ),
    "triage_severity_unknown": (
        {k: v for k, v in MILD.items() if k != "pain_severity"},
        Level.CONSULTATION,
    ),
    "triage_leg_tingling": ({**MILD, "leg_tingling": Y}, Level.CONSULTATION),
    "triage_below_knee_pain": ({**MILD, "below_knee_pain": Y}, Level.CONSULTATION),
    "triage_cough_sneeze_pain": ({**MILD, "cough_sneeze_pain": Y}, Level.CONSULTATION),
    "triage_walking_difficulty": ({**MILD, "walking_difficulty": Y}, Level.CONSULTATION),
    "triage_low_likelihood": (
        {**MILD, "sit_bone_pain": "no", "sitting_pain": "no"},
        Level.CONSULTATION,
    ),
    "triage_moderate_likelihood": (
        {"sitting_pain": Y, "duration_weeks": 2, "pain_severity": 3},
        Level.CONSULTATION,
    ),
    "triage_differential_possible": ({**MILD, "back_pain": Y}, Level.CONSULTATION),
    "triage_differential_needs_assessment": (
        {**MILD, "long_stride_pain": Y},
        Level.CONSULTATION,
    ),
    "triage_self_care": (MILD, Level.SELF_CARE),
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


@pytest.mark.parametrize("rule_id", sorted(set(TABLE) - {"triage_self_care"}))
def test_every_rule_standing_in_the_way_of_home_care_gives_its_own_reason(rule_id: str) -> None:
    answers, _ = TABLE[rule_id]
    evaluation = evaluate({"answers": screened(answers)})
    declared = {
        str(fact["reason"])
        for fact in declared_by(by_id()[rule_id].info.method)
        if isinstance(fact, Concern)
    }
    assert evaluation.assessment.triage.level is not Level.SELF_CARE
    assert declared & set(evaluation.assessment.triage.reasons)


def test_what_is_not_known_is_not_mild_and_the_reason_says_what_is_missing() -> None:
    unknown = {k: v for k, v in MILD.items() if k != "duration_weeks"}
    reasons = run(screened(unknown)).triage.reasons
    assert any("how long the pain has lasted is not known" in r.lower() for r in reasons)
    unknown = {k: v for k, v in MILD.items() if k != "pain_severity"}
    reasons = run(screened(unknown)).triage.reasons
    assert any("how bad the pain has been" in r.lower() and "not known" in r for r in reasons)


def test_an_incomplete_red_flag_screen_rules_out_self_care_and_names_the_sign() -> None:
    answers = screened(MILD)
    del answers["night_pain"]
    assessment = run(answers)
    assert "triage_screen_incomplete" in assessment.explanation.fired_rules
    assert assessment.triage.level is Level.CONSULTATION
    assert assessment.red_flag_screen.unanswered == ["night_pain"]
    assert any("pain at night" in reason for reason in assessment.triage.reasons)


def test_a_moderate_likelihood_is_not_home_care() -> None:
    answers, _ = TABLE["triage_moderate_likelihood"]
    assert run(screened(answers)).likelihood.band.value == "moderate"


@pytest.mark.parametrize(("score", "level"), [(6, Level.SELF_CARE), (7, Level.CONSULTATION)])
def test_severe_pain_starts_at_seven_of_ten(score: int, level: Level) -> None:
    assert run(screened({**MILD, "pain_severity": score})).triage.level is level


@pytest.mark.parametrize(
    ("weeks", "level"), [(3, Level.SELF_CARE), (3.9, Level.SELF_CARE), (4, Level.CONSULTATION)]
)
def test_four_weeks_of_pain_warrants_a_consultation(weeks: float, level: Level) -> None:
    assert run(screened({**MILD, "duration_weeks": weeks})).triage.level is level


@pytest.mark.parametrize(
    ("key", "concern", "threshold"),
    [
        ("duration_weeks", "triage_long_duration", LONG_DURATION_WEEKS),
        ("pain_severity", "triage_severe_pain", SEVERE_PAIN_SCORE),
    ],
)
def test_home_care_and_the_consultation_rule_read_one_threshold_and_never_disagree(
    key: str, concern: str, threshold: float
) -> None:
    home = required_answers(by_id()["triage_self_care"].info.rule)[key]
    raised = required_answers(by_id()[concern].info.rule)[key]
    values = [x / 2 for x in range(0, 2 * int(threshold) + 4)] + [threshold - 0.01]
    for value in values:
        assert satisfies(home, value) is not satisfies(raised, value), value
        assert satisfies(raised, value) is (value >= threshold), value


def test_reasons_name_what_set_the_level() -> None:
    assessment = run(screened({**MILD, "constant_pain": Y}))
    assert assessment.triage.reasons == [
        "The pain is there most of the time, a sign the problem has progressed."
    ]
