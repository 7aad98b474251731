"""Foresight: the effects table read from the rule catalogue, and what open items could still change."""

from __future__ import annotations

from typing import Any

from rules.findings import FINDINGS
from rules.red_flags import FLAGS
from rules.scale import Level
from rules.vocabulary import RED_FLAG_QUESTIONS
from triage import assess, parse_intake
from triage.interview.effects import effects, effects_by_item
from triage.interview.foresight import (
    BAND_TIER,
    LEVEL_TIER,
    STAGE_TWO_TIER,
    outlook,
)
from triage.interview.next_question import asked_items


def view_of(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    intake = parse_intake(data)
    found = outlook(intake, asked_items(intake), assess(intake))
    return found.impact, found.reasons


def test_every_red_flag_rule_is_in_the_table_with_the_level_it_forces() -> None:
    floors = {effect.rule: effect.floor for effect in effects()}
    for flag in FLAGS:
        assert floors[f"red_flag_{flag.id}"] is flag.level


def test_every_likelihood_ratio_of_the_findings_table_is_in_the_table() -> None:
    ratios = {(r.question, r.likelihood_ratio) for e in effects() for r in e.ratios}
    for finding in FINDINGS:
        for ratio in (finding.yes, finding.no):
            if ratio is not None:
                assert (finding.question.value, ratio) in ratios


def test_the_table_is_indexed_by_every_item_a_rule_reads() -> None:
    index = effects_by_item()
    assert {"age", "sex", "sit_bone_pain", "duration_weeks"} <= set(index)
    assert all(key in dict(e.pattern) for key, found in index.items() for e in found)


def test_a_rule_that_could_still_make_it_an_emergency_ranks_first() -> None:
    screen = {q.value: "no" for q in RED_FLAG_QUESTIONS}
    screen["fever_or_unwell"] = "yes"
    impact, reasons = view_of({"answers": screen})
    assert impact["age"][0] == LEVEL_TIER
    assert Level.EMERGENCY.value in reasons["age"]
    assert min(impact.values()) == impact["age"]


def test_a_rule_contradicted_by_an_answer_offers_nothing() -> None:
    screen = {q.value: "no" for q in RED_FLAG_QUESTIONS}
    impact, _ = view_of({"age": 40, "answers": screen})
    assert "age" not in impact


def test_an_answer_that_alone_moves_the_band_is_offered_with_its_size() -> None:
    screen = {q.value: "no" for q in RED_FLAG_QUESTIONS}
    impact, reasons = view_of(
        {"age": 40, "sex": "male", "answers": {**screen, "sit_bone_pain": "yes"}}
    )
    assert "modified_bent_knee_stretch_test" in impact
    assert "band" in reasons["modified_bent_knee_stretch_test"]
    assert impact["modified_bent_knee_stretch_test"][0] in (STAGE_TWO_TIER, BAND_TIER)


def test_an_examination_item_ranks_after_the_questions_a_person_can_answer_in_its_tier() -> None:
    screen = {q.value: "no" for q in RED_FLAG_QUESTIONS}
    impact, _ = view_of({"age": 40, "sex": "male", "answers": {**screen, "sit_bone_pain": "yes"}})
    tier = impact["modified_bent_knee_stretch_test"][0]
    same_tier = [rank for rank in impact.values() if rank[0] == tier]
    assert any(not rank[1] for rank in same_tier)
    assert impact["modified_bent_knee_stretch_test"] > min(same_tier)


def test_every_red_flag_sets_at_least_a_consultation_so_its_differential_sign_can_be_left_out() -> (
    None
):
    assert all(flag.level.urgency >= Level.CONSULTATION.urgency for flag in FLAGS)
