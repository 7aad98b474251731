"""Red-flag rules, keyed by rule id: each fires on its answers and forces the level the clinical facts give."""

from __future__ import annotations

from typing import Any

import pytest

from rules.red_flags import FLAGS
from rules.scale import Level
from tests.rule_tables import run

Y = "yes"
E, A, C24, C = Level.EMERGENCY, Level.EMERGENCY_AMBULANCE, Level.CONSULTATION_24, Level.CONSULTATION

# rule id: (answers, age, the level the contract or the clinical facts require at least)
TABLE: dict[str, tuple[dict[str, Any], int | None, Level]] = {
    "red_flag_saddle_numbness": ({"saddle_numbness": Y}, None, E),
    "red_flag_bladder_bowel_change": ({"bladder_bowel_change": Y}, None, E),
    "red_flag_both_legs_symptoms": ({"both_legs_symptoms": Y}, None, E),
    "red_flag_breathless_or_chest_pain": ({"breathless_or_chest_pain": Y}, None, E),
    "red_flag_breathless_with_leg_swelling": (
        {"breathless_or_chest_pain": Y, "calf_thigh_swelling": Y},
        None,
        A,
    ),
    "red_flag_breathless_with_calf_pain": (
        {"breathless_or_chest_pain": Y, "calf_pain": Y},
        None,
        A,
    ),
    "red_flag_calf_thigh_swelling": ({"calf_thigh_swelling": Y}, None, C24),
    "red_flag_leg_weakness_worsening": ({"leg_weakness_worsening": Y}, None, C24),
    "red_flag_worsening_weakness_with_deficit": (
        {"leg_weakness_worsening": Y, "neuro_deficit": Y},
        None,
        E,
    ),
    "red_flag_fever_or_unwell": ({"fever_or_unwell": Y}, None, C24),
    "red_flag_fever_with_infection_risk": ({"fever_or_unwell": Y, "infection_risk": Y}, None, E),
    "red_flag_fever_cannot_bear_weight": ({"fever_or_unwell": Y, "cannot_bear_weight": Y}, None, E),
    "red_flag_fever_with_walking_difficulty": (
        {"fever_or_unwell": Y, "walking_difficulty": Y},
        None,
        E,
    ),
    "red_flag_fever_in_child": ({"fever_or_unwell": Y}, 9, E),
    "red_flag_cannot_bear_weight": ({"cannot_bear_weight": Y}, None, C24),
    "red_flag_trauma_cannot_bear_weight": ({"major_trauma": Y, "cannot_bear_weight": Y}, None, E),
    "red_flag_child_cannot_bear_weight": ({"cannot_bear_weight": Y}, 12, E),
    "red_flag_major_trauma": ({"major_trauma": Y}, None, C24),
    "red_flag_trauma_with_osteoporosis": ({"major_trauma": Y, "osteoporosis": Y}, None, E),
    "red_flag_cancer_with_night_pain": ({"cancer_history": Y, "night_pain": Y}, None, C24),
    "red_flag_cancer_with_weight_loss": ({"cancer_history": Y, "weight_loss": Y}, None, C24),
    "red_flag_cancer_with_mass": ({"cancer_history": Y, "palpable_mass": Y}, None, C24),
    "red_flag_cancer_with_worsening_weakness": (
        {"cancer_history": Y, "leg_weakness_worsening": Y},
        None,
        E,
    ),
    "red_flag_mass_with_night_pain": ({"palpable_mass": Y, "night_pain": Y}, None, C24),
    "red_flag_palpable_mass": ({"palpable_mass": Y}, None, C24),
    "red_flag_weight_loss": ({"weight_loss": Y}, None, C),
    "red_flag_night_pain": ({"night_pain": Y}, None, C),
    "red_flag_worse_with_rest": ({"worse_with_rest": Y}, None, C),
    "red_flag_suspected_avulsion": ({"sudden_onset": Y, "felt_pop": Y}, 40, C24),
    "red_flag_avulsion_with_bruising": ({"sudden_onset": Y, "thigh_bruising": Y}, 40, C24),
    "red_flag_hamstring_gap": ({"hamstring_gap_or_weakness": Y}, None, C24),
    "red_flag_adolescent_avulsion": ({"sudden_onset": Y}, 16, C24),
    "red_flag_adolescent_tender_sit_bone": ({"sit_bone_tender": Y}, 14, C24),
    "red_flag_stress_fracture": ({"low_energy_or_amenorrhoea": Y, "hop_pain": Y}, None, C24),
    "red_flag_runner_hop_pain": ({"runs_or_sprint_sport": Y, "hop_pain": Y}, None, C24),
    "red_flag_exertional_claudication": ({"exertional_cramp_relief": Y}, None, C),
}


def test_the_table_covers_every_red_flag_rule() -> None:
    assert set(TABLE) == {f"red_flag_{flag.id}" for flag in FLAGS}


@pytest.mark.parametrize("rule_id", sorted(TABLE))
def test_red_flag_rule_fires_and_forces_its_level(rule_id: str) -> None:
    answers, age, required = TABLE[rule_id]
    assessment = run(answers, age=age)
    assert rule_id in assessment.explanation.fired_rules
    flag = next(flag for flag in assessment.red_flags if flag.rule == rule_id)
    assert flag.level is required
    assert flag.message
    assert assessment.triage.level.urgency >= required.urgency


@pytest.mark.parametrize("rule_id", sorted(TABLE))
def test_red_flag_rule_does_not_fire_when_its_answers_are_no(rule_id: str) -> None:
    answers, age, _ = TABLE[rule_id]
    negated = dict.fromkeys(answers, "no")
    assessment = run(negated, age=age)
    assert rule_id not in assessment.explanation.fired_rules


@pytest.mark.parametrize("rule_id", sorted(TABLE))
def test_red_flag_rule_does_not_fire_when_its_answers_are_unknown(rule_id: str) -> None:
    answers, age, _ = TABLE[rule_id]
    assessment = run(dict.fromkeys(answers, "unknown"), age=age)
    assert rule_id not in assessment.explanation.fired_rules
    assert not assessment.red_flag_screen.complete


def test_an_adult_with_a_sudden_onset_is_not_flagged_for_an_apophyseal_avulsion() -> None:
    assessment = run({"sudden_onset": "yes"}, age=40)
    assert "red_flag_adolescent_avulsion" not in assessment.explanation.fired_rules


def test_an_adult_with_fever_alone_is_seen_within_24_hours_not_sent_to_emergency() -> None:
    assert run({"fever_or_unwell": "yes"}, age=40).triage.level is Level.CONSULTATION_24
