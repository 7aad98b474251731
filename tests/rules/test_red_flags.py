"""Red-flag rules, keyed by rule id: each fires on its answers and forces at least its level, and
the interview finds it.

A flag's answers are its example (`tests.rule_tables.red_flag_example`): the answers, to the
questions its rule reads, of the first named case under tests/cases/ that fires it. A new red flag
needs no row here, only the named case that `triage coverage` asks for anyway.
"""

from __future__ import annotations

from typing import Any

import pytest

from rules.red_flags import FLAGS, Flag
from rules.scale import Level
from rules.vocabulary import QUESTIONS, RED_FLAG_QUESTIONS, YES, Group, Kind, Q
from tests.rule_tables import red_flag_example, run, screened
from triage import assess, next_step
from triage.devtools import testing

Y = "yes"
E, A, C24, C = Level.EMERGENCY, Level.EMERGENCY_AMBULANCE, Level.CONSULTATION_24, Level.CONSULTATION

BY_RULE = {flag.rule: flag for flag in FLAGS}
RED_FLAG_IDS = {q.value for q in RED_FLAG_QUESTIONS}


@pytest.mark.parametrize("rule_id", sorted(BY_RULE))
def test_red_flag_rule_fires_on_its_example_and_forces_its_level(rule_id: str) -> None:
    flag = BY_RULE[rule_id]
    assessment = red_flag_example(flag).assess()
    assert rule_id in assessment.explanation.fired_rules
    found = next(found for found in assessment.red_flags if found.rule == rule_id)
    assert found.level is flag.level
    assert found.message == flag.message
    assert assessment.triage.level.urgency >= flag.level.urgency


def _negated(answers: dict[str, Any]) -> dict[str, Any]:
    """Each yes/no answer turned over, and a number (the worst pain) turned to none."""
    return {key: {Y: "no", "no": Y}.get(value, 0) for key, value in answers.items()}


@pytest.mark.parametrize("rule_id", sorted(BY_RULE))
def test_red_flag_rule_does_not_fire_when_its_answers_are_no(rule_id: str) -> None:
    example = red_flag_example(BY_RULE[rule_id])
    assessment = example.assess(_negated(example.answers))
    assert rule_id not in assessment.explanation.fired_rules


@pytest.mark.parametrize("rule_id", sorted(BY_RULE))
def test_red_flag_rule_does_not_fire_when_its_answers_are_unknown(rule_id: str) -> None:
    example = red_flag_example(BY_RULE[rule_id])
    assessment = example.assess(screened(dict.fromkeys(example.answers, "unknown")))
    assert rule_id not in assessment.explanation.fired_rules
    unsure = sorted(RED_FLAG_IDS & set(example.answers))
    assert [q.value for q in assessment.red_flag_screen.unanswered] == [
        q.value for q in RED_FLAG_QUESTIONS if q.value in unsure
    ]
    assert assessment.red_flag_screen.complete == (not unsure)


def test_a_red_flag_no_named_case_fires_fails_naming_the_rule_and_the_file_to_add() -> None:
    new = Flag(
        rule="red_flag_made_up_sign",
        id="made_up_sign",
        when={"night_pain": YES, "weight_loss": YES, "palpable_mass": YES, "age": 200},
        level=C24,
        condition=FLAGS[0].condition,
        message="A made-up sign.",
        source=FLAGS[0].source,
        rationale="None: a flag no case can fire.",
    )
    with pytest.raises(AssertionError) as raised:
        red_flag_example(new)
    assert "red_flag_made_up_sign" in str(raised.value)
    assert "tests/cases/coverage/made_up_sign.json" in str(raised.value)
    assert "docs/how-to/add-a-rule.md" in str(raised.value)


def _sheet(flag: Flag) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A person with the flag's example and nothing else (no to every other question), and the
    conversation that may ask them (a clinician's, when the flag reads an examination item)."""
    example = red_flag_example(flag)
    nothing = {q.value: 0 if spec.kind is Kind.NUMBER else "no" for q, spec in QUESTIONS.items()}
    person = {"age": example.age, "sex": example.sex}
    sheet: dict[str, Any] = {key: value for key, value in person.items() if value is not None}
    sheet["answers"] = {**nothing, **example.answers}
    examined = any(QUESTIONS[Q(key)].group is Group.EXAMINATION for key in example.answers)
    return sheet, {"audience": "clinician"} if examined else None


@pytest.mark.parametrize("rule_id", sorted(BY_RULE))
def test_an_interview_of_a_person_with_the_red_flag_ends_at_its_level_at_least(
    rule_id: str,
) -> None:
    flag = BY_RULE[rule_id]
    sheet, conversation = _sheet(flag)
    played = testing.check_interview_ends_safely(sheet, conversation=conversation)
    assert assess(played.sheet_intake).triage.level.urgency >= flag.level.urgency


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
    # A long lie would make these answers an emergency as well; answered, the pain is next.
    asked = {"sudden_onset": Y, "calf_thigh_swelling": Y, "leg_tingling": Y, "long_lie": "no"}
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
