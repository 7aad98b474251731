"""A rule body run alone declares what it declares in an engine."""

from __future__ import annotations

from rules.base import Evidence
from rules.findings import FindingRules
from rules.replay import Recorder, declared_by
from triage.assessment.likelihood import ratio_of


def test_a_recorder_keeps_declared_facts_in_order() -> None:
    recorder = Recorder()
    first, second = Evidence(question="a"), Evidence(question="b")
    recorder.declare(first, second)
    assert recorder.declared == [first, second]


def test_a_generated_rule_body_declares_its_rows_evidence() -> None:
    body = FindingRules.likelihood_sit_bone_pain_yes.__wrapped__
    (fact,) = declared_by(body)
    ratio = ratio_of(fact, "likelihood_sit_bone_pain_yes")
    assert (ratio.question, ratio.answer, ratio.rule) == (
        "sit_bone_pain",
        "yes",
        "likelihood_sit_bone_pain_yes",
    )
    assert ratio.likelihood_ratio > 1
