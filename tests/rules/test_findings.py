"""Likelihood rules, keyed by rule id: published ratios as the clinical facts give them, estimates in the stated direction."""

from __future__ import annotations

import math

import pytest

from rules.base import SourceKind
from rules.catalogue import catalogue
from rules.findings import FINDINGS, FINDINGS_BY_QUESTION
from rules.vocabulary import Q
from tests.rule_tables import run
from triage.assessment.likelihood import SHRINKAGE

# rule id: the likelihood ratio the clinical facts publish (Cacchio 2012 Table 4; van der Windt 2010; Martin 2014)
PUBLISHED = {
    "likelihood_puranen_orava_test_yes": 4.2,
    "likelihood_puranen_orava_test_no": 0.29,
    "likelihood_bent_knee_stretch_test_yes": 6.5,
    "likelihood_bent_knee_stretch_test_no": 0.18,
    "likelihood_modified_bent_knee_stretch_test_yes": 10.2,
    "likelihood_modified_bent_knee_stretch_test_no": 0.12,
    # Tests for a mimic count against tendinopathy: the inverse of the mimic's LR+.
    "likelihood_straight_leg_raise_test_yes": 1 / (0.92 / (1 - 0.28)),
    "likelihood_crossed_straight_leg_raise_test_yes": 1 / (0.28 / (1 - 0.90)),
    "likelihood_slump_test_yes": 1 / (0.80 / (1 - 0.71)),
}

LIKELIHOOD_RULES = sorted(e.id for e in catalogue() if e.info.area == "findings")


def _only_answer(rule_id: str) -> tuple[str, str]:
    question, answer = rule_id.removeprefix("likelihood_").rsplit("_", 1)
    return question, answer


@pytest.mark.parametrize("rule_id", sorted(PUBLISHED))
def test_published_ratio_is_the_one_the_clinical_facts_give(rule_id: str) -> None:
    question, answer = _only_answer(rule_id)
    contribution = run({question: answer}).likelihood.contributions[0]
    assert contribution.rule == rule_id
    assert contribution.likelihood_ratio == pytest.approx(PUBLISHED[rule_id], abs=0.01)
    assert FINDINGS_BY_QUESTION[Q(question)].source.kind is SourceKind.BRIEF


@pytest.mark.parametrize("rule_id", [r for r in LIKELIHOOD_RULES if "duration" not in r])
def test_likelihood_rule_moves_the_probability_the_way_its_ratio_says(rule_id: str) -> None:
    question, answer = _only_answer(rule_id)
    assessment = run({question: answer})
    assert rule_id in assessment.explanation.fired_rules
    (contribution,) = assessment.likelihood.contributions
    prior = assessment.likelihood.prior
    odds = prior / (1 - prior) * contribution.likelihood_ratio**SHRINKAGE
    assert assessment.likelihood.probability == pytest.approx(odds / (1 + odds), abs=1e-4)
    listed = (
        assessment.explanation.supporting
        if contribution.likelihood_ratio > 1
        else assessment.explanation.conflicting
    )
    assert [item.rule for item in listed] == [rule_id]


@pytest.mark.parametrize(
    ("weeks", "rule_id"),
    [(12, "likelihood_duration_chronic"), (1, "likelihood_duration_recent")],
)
def test_duration_rules_fire_at_their_thresholds(weeks: int, rule_id: str) -> None:
    assert rule_id in run({"duration_weeks": weeks}).explanation.fired_rules


def test_a_middle_duration_carries_no_ratio() -> None:
    assert run({"duration_weeks": 6}).likelihood.contributions == []


def test_every_estimated_ratio_states_its_reasoning() -> None:
    for finding in FINDINGS:
        if finding.source.kind is SourceKind.ESTIMATE:
            assert len(finding.source.detail) > 40, finding.question


def test_related_findings_count_once_the_strongest_of_their_group() -> None:
    answers = {"stretch_pain": "yes", "bent_knee_stretch_test": "yes"}
    contributions = run(answers).likelihood.contributions
    counted = [c.question.value for c in contributions if c.counted]
    assert counted == ["bent_knee_stretch_test"]
    prior = 0.3
    odds = prior / (1 - prior) * 6.5**SHRINKAGE
    assert run(answers).likelihood.probability == pytest.approx(odds / (1 + odds), abs=1e-4)


def test_a_stronger_negative_test_outweighs_a_weaker_positive_in_its_group() -> None:
    answers = {"stretch_pain": "yes", "modified_bent_knee_stretch_test": "no"}
    (counted,) = [c for c in run(answers).likelihood.contributions if c.counted]
    assert counted.question is Q.MODIFIED_BENT_KNEE_STRETCH_TEST
    assert math.isclose(counted.likelihood_ratio, 0.12)


def test_the_prior_is_configurable_and_reported() -> None:
    from triage import assess

    assessment = assess({"answers": {"sit_bone_pain": "yes"}}, prior=0.5)
    assert assessment.likelihood.prior == 0.5
    odds = 3.0**SHRINKAGE  # prior odds 1, sit-bone pain's ratio 3, shrunk
    assert assessment.likelihood.probability == pytest.approx(odds / (1 + odds), abs=1e-4)
