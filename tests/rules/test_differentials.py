"""Differential rules, keyed by rule id: each feature counts for (or against) the condition it names."""

from __future__ import annotations

from typing import Any

import pytest

from rules.catalogue import catalogue
from tests.rule_tables import run

Y, N = "yes", "no"

# rule id: (answers, age, sex, condition, whether the condition is listed with these answers alone)
TABLE: dict[str, tuple[dict[str, Any], int | None, str | None, str, bool]] = {
    "differential_lumbar_radiculopathy_below_knee_pain": (
        {"below_knee_pain": Y},
        None,
        None,
        "lumbar_radiculopathy",
        True,
    ),
    "differential_lumbar_radiculopathy_leg_tingling": (
        {"leg_tingling": Y},
        None,
        None,
        "lumbar_radiculopathy",
        True,
    ),
    "differential_lumbar_radiculopathy_cough_sneeze_pain": (
        {"cough_sneeze_pain": Y},
        None,
        None,
        "lumbar_radiculopathy",
        True,
    ),
    "differential_lumbar_radiculopathy_back_pain": (
        {"back_pain": Y},
        None,
        None,
        "lumbar_radiculopathy",
        True,
    ),
    "differential_lumbar_radiculopathy_straight_leg_raise": (
        {"straight_leg_raise_test": Y},
        None,
        None,
        "lumbar_radiculopathy",
        True,
    ),
    "differential_lumbar_radiculopathy_slump": (
        {"slump_test": Y},
        None,
        None,
        "lumbar_radiculopathy",
        True,
    ),
    "differential_lumbar_radiculopathy_crossed_straight_leg_raise": (
        {"crossed_straight_leg_raise_test": Y},
        None,
        None,
        "lumbar_radiculopathy",
        True,
    ),
    "differential_lumbar_radiculopathy_neuro_deficit": (
        {"neuro_deficit": Y},
        None,
        None,
        "lumbar_radiculopathy",
        True,
    ),
    "differential_lumbar_radiculopathy_no_below_knee_pain": (
        {"below_knee_pain": N},
        None,
        None,
        "lumbar_radiculopathy",
        False,
    ),
    "differential_hamstring_avulsion_sudden_pop": (
        {"sudden_onset": Y, "felt_pop": Y},
        40,
        None,
        "hamstring_avulsion",
        True,
    ),
    "differential_hamstring_avulsion_bruising": (
        {"sudden_onset": Y, "thigh_bruising": Y},
        None,
        None,
        "hamstring_avulsion",
        True,
    ),
    "differential_hamstring_avulsion_gap_or_weakness": (
        {"hamstring_gap_or_weakness": Y},
        None,
        None,
        "hamstring_avulsion",
        True,
    ),
    "differential_hamstring_avulsion_walking_difficulty": (
        {"sudden_onset": Y, "walking_difficulty": Y},
        None,
        None,
        "hamstring_avulsion",
        True,
    ),
    "differential_apophyseal_avulsion_young_sudden_onset": (
        {"sudden_onset": Y},
        15,
        None,
        "apophyseal_avulsion",
        True,
    ),
    "differential_apophyseal_avulsion_young_pop": (
        {"felt_pop": Y},
        15,
        None,
        "apophyseal_avulsion",
        True,
    ),
    "differential_stress_fracture_young_female_runner": (
        {"runs_or_sprint_sport": Y},
        15,
        "female",
        "stress_fracture",
        True,
    ),
    "differential_apophyseal_avulsion_young_athlete_limp": (
        {"runs_or_sprint_sport": Y, "walking_difficulty": Y},
        15,
        None,
        "apophyseal_avulsion",
        True,
    ),
    "differential_apophyseal_avulsion_young_sprint_sport": (
        {"runs_or_sprint_sport": Y, "sit_bone_tender": Y},
        20,
        None,
        "apophyseal_avulsion",
        True,
    ),
    "differential_deep_gluteal_syndrome_piriformis_tests": (
        {"piriformis_tests": Y},
        None,
        None,
        "deep_gluteal_syndrome",
        True,
    ),
    "differential_deep_gluteal_syndrome_sitting_sciatica": (
        {"sitting_pain": Y, "leg_tingling": Y},
        None,
        None,
        "deep_gluteal_syndrome",
        True,
    ),
    "differential_deep_gluteal_syndrome_below_knee_pain": (
        {"below_knee_pain": Y},
        None,
        None,
        "deep_gluteal_syndrome",
        True,
    ),
    "differential_ischiofemoral_impingement_hip_snapping": (
        {"hip_snapping": Y},
        None,
        None,
        "ischiofemoral_impingement",
        True,
    ),
    "differential_ischiofemoral_impingement_hip_surgery": (
        {"hip_surgery": Y},
        None,
        None,
        "ischiofemoral_impingement",
        True,
    ),
    "differential_ischiofemoral_impingement_long_stride_pain": (
        {"long_stride_pain": Y},
        None,
        None,
        "ischiofemoral_impingement",
        True,
    ),
    "differential_ischiofemoral_impingement_long_stride_female": (
        {"long_stride_pain": Y},
        None,
        "female",
        "ischiofemoral_impingement",
        True,
    ),
    "differential_stress_fracture_energy_deficiency": (
        {"low_energy_or_amenorrhoea": Y},
        None,
        None,
        "stress_fracture",
        True,
    ),
    "differential_stress_fracture_runner_energy_deficiency": (
        {"runs_or_sprint_sport": Y, "low_energy_or_amenorrhoea": Y},
        None,
        None,
        "stress_fracture",
        True,
    ),
    "differential_stress_fracture_hop_pain": ({"hop_pain": Y}, None, None, "stress_fracture", True),
    "differential_stress_fracture_hop_pain_after_increase": (
        {"hop_pain": Y, "training_increase": Y},
        None,
        None,
        "stress_fracture",
        True,
    ),
    "differential_vascular_claudication_exertional_cramp": (
        {"exertional_cramp_relief": Y},
        None,
        None,
        "vascular_claudication",
        True,
    ),
    "differential_deep_vein_thrombosis_calf_pain": (
        {"calf_pain": Y},
        None,
        None,
        "deep_vein_thrombosis",
        True,
    ),
    "differential_cyclical_sciatica_cyclical_pain": (
        {"cyclical_pain": Y},
        None,
        "female",
        "cyclical_sciatica",
        True,
    ),
    "differential_cyclical_sciatica_cyclical_sciatica": (
        {"cyclical_pain": Y, "below_knee_pain": Y},
        None,
        None,
        "cyclical_sciatica",
        True,
    ),
    "differential_ischial_bursitis_sitting_after_fall": (
        {"sit_bone_pain": Y, "sitting_pain": Y, "major_trauma": Y},
        None,
        None,
        "ischial_bursitis",
        True,
    ),
    "differential_ischial_bursitis_lump_at_sit_bone": (
        {"palpable_mass": Y, "sit_bone_pain": Y},
        None,
        None,
        "ischial_bursitis",
        True,
    ),
    "differential_pulmonary_embolism_swollen_leg": (
        {"calf_thigh_swelling": Y},
        None,
        None,
        "pulmonary_embolism",
        True,
    ),
    "differential_malignancy_cancer_history": (
        {"cancer_history": Y},
        None,
        None,
        "malignancy",
        True,
    ),
    "differential_hamstring_avulsion_adult_sudden_onset": (
        {"sudden_onset": Y},
        40,
        None,
        "hamstring_avulsion",
        True,
    ),
    "differential_vascular_claudication_runner_tingling": (
        {"runs_or_sprint_sport": Y, "leg_tingling": Y},
        None,
        None,
        "vascular_claudication",
        True,
    ),
    "differential_apophyseal_avulsion_sudden_sport_age_unknown": (
        {"sudden_onset": Y, "runs_or_sprint_sport": Y},
        None,
        None,
        "apophyseal_avulsion",
        True,
    ),
    "differential_fracture_osteoporosis": ({"osteoporosis": Y}, None, None, "fracture", True),
    "differential_fracture_older_age": ({}, 80, None, "fracture", True),
    "differential_fracture_older_woman_back_pain": (
        {"back_pain": Y},
        66,
        "female",
        "fracture",
        True,
    ),
    "differential_compartment_syndrome_after_injury": (
        {"major_trauma": Y},
        None,
        None,
        "compartment_syndrome",
        True,
    ),
    "differential_compartment_syndrome_swelling_after_injury": (
        {"major_trauma": Y, "calf_thigh_swelling": Y},
        None,
        None,
        "compartment_syndrome",
        True,
    ),
    "differential_compartment_syndrome_swelling_after_sudden_start": (
        {"sudden_onset": Y, "calf_thigh_swelling": Y},
        None,
        None,
        "compartment_syndrome",
        True,
    ),
    "differential_compartment_syndrome_buttock_swelling_after_injury": (
        {"major_trauma": Y, "buttock_swelling": Y},
        None,
        None,
        "compartment_syndrome",
        True,
    ),
    "differential_compartment_syndrome_buttock_swelling_after_sudden_start": (
        {"sudden_onset": Y, "buttock_swelling": Y},
        None,
        None,
        "compartment_syndrome",
        True,
    ),
    "differential_malignancy_buttock_swelling": (
        {"buttock_swelling": Y},
        None,
        None,
        "malignancy",
        True,
    ),
    "differential_ischial_bursitis_swelling_at_sit_bone": (
        {"buttock_swelling": Y, "sit_bone_pain": Y},
        None,
        None,
        "ischial_bursitis",
        True,
    ),
    "differential_from_red_flag": (
        {"saddle_numbness": Y},
        None,
        None,
        "cauda_equina_syndrome",
        True,
    ),
}


def test_the_table_covers_every_differential_rule() -> None:
    assert set(TABLE) == {e.id for e in catalogue() if e.info.area == "differentials"}


@pytest.mark.parametrize("rule_id", sorted(TABLE))
def test_differential_rule_fires_and_counts_for_its_condition(rule_id: str) -> None:
    answers, age, sex, condition, listed = TABLE[rule_id]
    assessment = run(answers, age=age, sex=sex)
    assert rule_id in assessment.explanation.fired_rules
    found = {d.condition.value: d for d in assessment.differentials}
    assert (condition in found) is listed
    if listed:
        assert rule_id in found[condition].rules
        assert found[condition].reasons


def test_a_feature_against_a_condition_lowers_its_score() -> None:
    with_pain = run({"below_knee_pain": "yes", "leg_tingling": "yes", "back_pain": "yes"})
    assert {d.condition.value: d.score for d in with_pain.differentials}[
        "lumbar_radiculopathy"
    ] == 4
    without = run({"below_knee_pain": "no", "leg_tingling": "yes", "back_pain": "yes"})
    assert {d.condition.value: d.score for d in without.differentials}["lumbar_radiculopathy"] == 1


def test_cyclical_pain_in_a_man_does_not_suggest_endometriosis() -> None:
    assessment = run({"cyclical_pain": "yes"}, sex="male")
    assert "cyclical_sciatica" not in {d.condition.value for d in assessment.differentials}


def test_support_is_banded_from_the_score() -> None:
    from rules.scale import Support
    from triage.assessment.support import support_for

    assert [support_for(score) for score in (-1, 0, 1, 2, 3, 7)] == [
        None,
        None,
        Support.LOW,
        Support.MODERATE,
        Support.HIGH,
        Support.HIGH,
    ]


def test_a_sudden_start_in_a_sport_points_to_an_apophyseal_avulsion_only_while_the_age_is_unknown() -> (
    None
):
    rule = "differential_apophyseal_avulsion_sudden_sport_age_unknown"
    answers = {"sudden_onset": Y, "runs_or_sprint_sport": Y}
    assert rule in run(answers).explanation.fired_rules
    assert rule not in run(answers, age=40).explanation.fired_rules
    assert rule not in run(answers, age=15).explanation.fired_rules


def test_an_adult_athlete_with_a_limp_does_not_suggest_an_apophyseal_avulsion() -> None:
    answers = {"runs_or_sprint_sport": Y, "walking_difficulty": Y}
    listed = {c.condition.value for c in run(answers, age=40).conditions}
    assert "apophyseal_avulsion" not in listed
    assert "apophyseal_avulsion" in {c.condition.value for c in run(answers, age=15).conditions}


@pytest.mark.parametrize(("age", "sex"), [(30, "female"), (15, "male"), (None, "female")])
def test_running_suggests_a_stress_fracture_by_itself_only_in_a_girl(
    age: int | None, sex: str
) -> None:
    listed = {
        c.condition.value for c in run({"runs_or_sprint_sport": Y}, age=age, sex=sex).conditions
    }
    assert "stress_fracture" not in listed


def _listed(answers: dict[str, Any], age: int | None = None, sex: str | None = None) -> set[str]:
    return {c.condition.value for c in run(answers, age=age, sex=sex).conditions}


@pytest.mark.parametrize(
    ("age", "sex", "listed"),
    [(64, "female", False), (65, "female", True), (70, "male", False), (74, None, False)],
)
def test_back_pain_lists_a_fracture_only_in_a_woman_of_65_or_more_or_from_75(
    age: int, sex: str | None, listed: bool
) -> None:
    assert ("fracture" in _listed({"back_pain": Y}, age=age, sex=sex)) is listed
    assert "fracture" in _listed({"back_pain": Y}, age=75, sex=sex)


def test_thin_bones_age_and_back_pain_add_up_to_a_high_fracture_support() -> None:
    scores = {
        d.condition.value: d.score
        for d in run({"osteoporosis": Y, "back_pain": Y}, age=78, sex="female").differentials
    }
    assert scores["fracture"] == 3


def test_a_swollen_leg_without_an_injury_stays_a_thrombosis_and_lists_no_compartment_syndrome() -> (
    None
):
    listed = _listed({"calf_thigh_swelling": Y, "sudden_onset": N, "major_trauma": N})
    assert "deep_vein_thrombosis" in listed
    assert "compartment_syndrome" not in listed


def test_a_sudden_start_alone_lists_no_compartment_syndrome() -> None:
    assert "compartment_syndrome" not in _listed({"sudden_onset": Y}, age=45)


@pytest.mark.parametrize("injury", ["sudden_onset", "major_trauma"])
def test_a_swollen_leg_after_an_injury_gives_compartment_syndrome_a_moderate_support(
    injury: str,
) -> None:
    scores = {
        d.condition.value: d.score
        for d in run({injury: Y, "calf_thigh_swelling": Y}, age=45).differentials
    }
    assert scores["compartment_syndrome"] == 2


def test_a_swollen_buttock_lists_an_infection_first_and_a_growth_after_it() -> None:
    ranked = [c.condition.value for c in run({"buttock_swelling": Y}).conditions]
    assert ranked[0] == "infection"
    assert ranked.index("malignancy") < ranked.index("proximal_hamstring_tendinopathy")


def test_a_swollen_buttock_after_a_fall_lists_a_compartment_syndrome_with_two_signs() -> None:
    found = {
        c.condition.value: c for c in run({"major_trauma": Y, "buttock_swelling": Y}).conditions
    }
    assert found["compartment_syndrome"].score == 2
    assert found["compartment_syndrome"].support.value == "moderate"
