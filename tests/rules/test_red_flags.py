"""Red-flag rules, keyed by rule id: each fires on its answers and forces the level the clinical facts give."""

from __future__ import annotations

from typing import Any

import pytest

from rules.red_flags import FLAGS
from rules.scale import Level
from tests.rule_tables import run, screened
from triage.interview.next_question import next_step

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
    "red_flag_compartment_syndrome": (
        {"sudden_onset": Y, "calf_thigh_swelling": Y, "leg_tingling": Y, "pain_severity": 10},
        65,
        E,
    ),
    "red_flag_compartment_syndrome_after_trauma": (
        {"major_trauma": Y, "calf_thigh_swelling": Y, "leg_tingling": Y, "pain_severity": 8},
        None,
        E,
    ),
    "red_flag_compartment_syndrome_with_weakness": (
        {
            "sudden_onset": Y,
            "calf_thigh_swelling": Y,
            "leg_weakness_worsening": Y,
            "pain_severity": 7,
        },
        40,
        E,
    ),
    "red_flag_compartment_syndrome_after_trauma_with_weakness": (
        {
            "major_trauma": Y,
            "calf_thigh_swelling": Y,
            "leg_weakness_worsening": Y,
            "pain_severity": 9,
        },
        None,
        E,
    ),
    "red_flag_compartment_syndrome_with_deficit": (
        {"sudden_onset": Y, "calf_thigh_swelling": Y, "neuro_deficit": Y, "pain_severity": 7},
        40,
        E,
    ),
    "red_flag_compartment_syndrome_after_trauma_with_deficit": (
        {"major_trauma": Y, "calf_thigh_swelling": Y, "neuro_deficit": Y, "pain_severity": 10},
        None,
        E,
    ),
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
    "red_flag_fever_with_worsening_pain": ({"fever_or_unwell": Y, "worse_with_rest": Y}, None, E),
    "red_flag_deficit_after_trauma": ({"major_trauma": Y, "neuro_deficit": Y}, None, E),
    "red_flag_weakness_after_trauma": ({"major_trauma": Y, "leg_weakness_worsening": Y}, None, E),
    "red_flag_unwell_after_trauma": ({"major_trauma": Y, "fever_or_unwell": Y}, None, E),
    "red_flag_weight_loss_with_night_pain": ({"weight_loss": Y, "night_pain": Y}, None, C24),
    "red_flag_fever_with_cancer_history": ({"fever_or_unwell": Y, "cancer_history": Y}, None, E),
    "red_flag_runner_walking_difficulty": (
        {"runs_or_sprint_sport": Y, "walking_difficulty": Y},
        None,
        C24,
    ),
    "red_flag_energy_deficiency_walking_difficulty": (
        {"low_energy_or_amenorrhoea": Y, "walking_difficulty": Y},
        None,
        C24,
    ),
    "red_flag_cancer_with_worsening_pain": ({"cancer_history": Y, "worse_with_rest": Y}, None, C24),
    "red_flag_cancer_with_severe_pain": ({"cancer_history": Y, "pain_severity": 7}, None, C24),
    "red_flag_young_night_pain": ({"night_pain": Y}, 24, C24),
    "red_flag_adolescent_sit_bone_pain": ({"sit_bone_pain": Y}, 17, C24),
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


def _negated(answers: dict[str, Any]) -> dict[str, Any]:
    """Each yes/no answer turned to no, and a number (the worst pain) turned to none."""
    return {key: "no" if value == Y else 0 for key, value in answers.items()}


@pytest.mark.parametrize("rule_id", sorted(TABLE))
def test_red_flag_rule_does_not_fire_when_its_answers_are_no(rule_id: str) -> None:
    answers, age, _ = TABLE[rule_id]
    assessment = run(_negated(answers), age=age)
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


# Compartment syndrome (clinical facts §4.2): the picture of the Gavriilidis 2022 case, and what
# it must not take from a swollen leg alone (the thrombosis row keeps that).
COMPARTMENT = {"sudden_onset": Y, "calf_thigh_swelling": Y, "leg_tingling": Y, "pain_severity": 10}
COMPARTMENT_RULES = {f"red_flag_{flag.id}" for flag in FLAGS if flag.id.startswith("compartment_")}


def _compartment_flags(answers: dict[str, Any]) -> set[str]:
    assessment = run(screened(answers), age=65)
    return COMPARTMENT_RULES & set(assessment.explanation.fired_rules)


def test_a_swollen_painful_thigh_with_pins_and_needles_a_day_after_a_fall_is_an_emergency() -> None:
    assessment = run(screened({**COMPARTMENT, "duration_weeks": 0}), age=65)
    assert assessment.triage.level is E
    flag = next(f for f in assessment.red_flags if f.rule == "red_flag_compartment_syndrome")
    assert flag.condition.value == "compartment_syndrome"
    assert "emergency department now" in flag.message
    assert "emergency department" in assessment.triage.see.lower()
    assert assessment.triage.within == "Now."


def test_a_swollen_calf_or_thigh_alone_stays_a_same_day_thrombosis_check() -> None:
    assessment = run(screened({"calf_thigh_swelling": Y, "pain_severity": 10}), age=65)
    assert assessment.triage.level is C24
    assert not _compartment_flags({"calf_thigh_swelling": Y, "pain_severity": 10})


@pytest.mark.parametrize("missing", sorted(COMPARTMENT))
def test_the_compartment_flag_needs_every_part_of_its_picture(missing: str) -> None:
    without = {**COMPARTMENT, missing: "no" if missing != "pain_severity" else 0}
    assert not _compartment_flags(without)
    unknown = {**COMPARTMENT, missing: "unknown"}
    assert not _compartment_flags(unknown)
    # Whatever is missing, the swollen leg still gets its same-day check, never less.
    if missing != "calf_thigh_swelling":
        assert run(screened(unknown), age=65).triage.level.urgency >= C24.urgency


def test_the_compartment_flag_starts_at_the_rule_bases_severe_pain() -> None:
    assert not _compartment_flags({**COMPARTMENT, "pain_severity": 6})
    assert _compartment_flags({**COMPARTMENT, "pain_severity": 7}) == {
        "red_flag_compartment_syndrome"
    }


def test_an_injury_or_weakness_or_a_deficit_completes_the_compartment_picture_too() -> None:
    base = {"calf_thigh_swelling": Y, "pain_severity": 9}
    cases = {
        "red_flag_compartment_syndrome_after_trauma": {"major_trauma": Y, "leg_tingling": Y},
        "red_flag_compartment_syndrome_with_weakness": {
            "sudden_onset": Y,
            "leg_weakness_worsening": Y,
        },
        "red_flag_compartment_syndrome_after_trauma_with_weakness": {
            "major_trauma": Y,
            "leg_weakness_worsening": Y,
        },
        "red_flag_compartment_syndrome_with_deficit": {"sudden_onset": Y, "neuro_deficit": Y},
        "red_flag_compartment_syndrome_after_trauma_with_deficit": {
            "major_trauma": Y,
            "neuro_deficit": Y,
        },
    }
    for rule_id, extra in cases.items():
        assert _compartment_flags({**base, **extra}) == {rule_id}, rule_id
        assert run(screened({**base, **extra}), age=65).triage.level is E


def test_a_sudden_start_with_a_swollen_leg_and_pins_and_needles_asks_how_bad_the_pain_is() -> None:
    asked = {"sudden_onset": Y, "calf_thigh_swelling": Y, "leg_tingling": Y}
    step = next_step({"answers": screened(asked)})
    assert step.question is not None
    assert step.question.id == "pain_severity"


@pytest.mark.parametrize(
    ("rule_id", "answers", "age"),
    [
        ("red_flag_young_night_pain", {"night_pain": Y}, 25),
        ("red_flag_adolescent_sit_bone_pain", {"sit_bone_pain": Y}, 18),
        ("red_flag_cancer_with_severe_pain", {"cancer_history": Y, "pain_severity": 6}, None),
    ],
)
def test_the_guidance_rows_stop_at_their_age_or_pain_limits(
    rule_id: str, answers: dict[str, Any], age: int | None
) -> None:
    assert rule_id not in run(answers, age=age).explanation.fired_rules
