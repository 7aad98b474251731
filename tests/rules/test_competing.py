"""Red flags as evidence against tendinopathy: one ratio a condition, never for a "no" or a risk factor."""

from __future__ import annotations

import pytest

from rules.competing import COMPETING_RATIO, RED_FLAG_EVIDENCE
from rules.findings import FINDINGS_BY_QUESTION
from rules.red_flags import ON_ITS_OWN
from rules.vocabulary import Q
from tests.rule_tables import run


@pytest.mark.parametrize("question", [row[0] for row in RED_FLAG_EVIDENCE])
def test_a_red_flag_lowers_the_likelihood_as_evidence_for_the_condition_it_signals(
    question: Q,
) -> None:
    likelihood = run({question.value: "yes"}).likelihood
    assert likelihood.probability < likelihood.prior
    (contribution,) = likelihood.contributions
    assert contribution.likelihood_ratio == COMPETING_RATIO


@pytest.mark.parametrize("question", [row[0] for row in RED_FLAG_EVIDENCE])
def test_a_red_flag_answered_no_is_no_evidence_for_tendinopathy(question: Q) -> None:
    assert run({question.value: "no"}).likelihood.contributions == []


def test_warning_signs_of_one_condition_count_once() -> None:
    answers = {"cancer_history": "yes", "night_pain": "yes", "weight_loss": "yes"}
    counted = [c for c in run(answers).likelihood.contributions if c.counted]
    assert len(counted) == 1
    assert run(answers).likelihood.probability == run({"night_pain": "yes"}).likelihood.probability


def test_warning_signs_of_different_conditions_each_count() -> None:
    one = run({"fever_or_unwell": "yes"}).likelihood.probability
    two = run({"fever_or_unwell": "yes", "cancer_history": "yes"}).likelihood.probability
    assert two < one


def test_a_fall_counts_once_with_a_sudden_start_the_stronger() -> None:
    answers = {"major_trauma": "yes", "sudden_onset": "yes"}
    (counted,) = [c for c in run(answers).likelihood.contributions if c.counted]
    assert counted.question is Q.SUDDEN_ONSET


@pytest.mark.parametrize("question", ["osteoporosis", "infection_risk"])
def test_a_risk_factor_alone_carries_no_ratio(question: str) -> None:
    assert run({question: "yes"}).likelihood.contributions == []


def test_every_red_flag_that_stands_on_one_answer_counts_against_tendinopathy() -> None:
    """A new red flag of one answer needs a row in `RED_FLAG_EVIDENCE` (or a finding of its own)."""
    alone = {Q(question) for question in ON_ITS_OWN}
    missing = sorted(q.value for q in alone if FINDINGS_BY_QUESTION.get(q) is None)
    assert missing == [], f"add each to RED_FLAG_EVIDENCE in rules/competing.py: {missing}"
    for question in alone:
        assert FINDINGS_BY_QUESTION[question].yes is not None
