"""Worked examples for the OpenAPI docs: a typical runner with tendinopathy, and an emergency."""

from __future__ import annotations

from typing import Any

_SCREEN_CLEAR = {
    "saddle_numbness": "no",
    "bladder_bowel_change": "no",
    "both_legs_symptoms": "no",
    "breathless_or_chest_pain": "no",
    "leg_weakness_worsening": "no",
    "fever_or_unwell": "no",
    "infection_risk": "no",
    "cannot_bear_weight": "no",
    "major_trauma": "no",
    "osteoporosis": "no",
    "calf_thigh_swelling": "no",
    "cancer_history": "no",
    "weight_loss": "no",
    "night_pain": "no",
    "palpable_mass": "no",
    "worse_with_rest": "no",
}

RUNNER: dict[str, Any] = {
    "age": 34,
    "sex": "female",
    "answers": {
        **_SCREEN_CLEAR,
        "sudden_onset": "no",
        "runs_or_sprint_sport": "yes",
        "training_increase": "yes",
        "duration_weeks": 3,
        "sit_bone_pain": "yes",
        "sitting_pain": "yes",
        "acceleration_pain": "yes",
        "below_knee_pain": "no",
        "sit_bone_tender": "yes",
        "stretch_pain": "yes",
        "constant_pain": "no",
        "sleep_or_daily_impact": "no",
        "pain_severity": 4,
    },
}
"""A runner who increased training: gradual sit-bone pain, worse sitting and sprinting."""

RUNNER_SUMMARY = "A typical runner with tendinopathy"

EMERGENCY: dict[str, Any] = {
    "age": 47,
    "sex": "male",
    "answers": {
        "saddle_numbness": "yes",
        "bladder_bowel_change": "yes",
        "breathless_or_chest_pain": "no",
        "back_pain": "yes",
    },
}
"""Buttock pain with saddle numbness and new bladder trouble: possible cauda equina syndrome."""

EMERGENCY_SUMMARY = "An emergency: possible cauda equina syndrome"

INTERVIEW_START: dict[str, Any] = {"age": 34, "sex": "female", "answers": {}}
"""The first call of an interview: nothing answered yet."""

INTERVIEW_LATER: dict[str, Any] = {"age": 34, "sex": "female", "answers": dict(_SCREEN_CLEAR)}
"""A later call: the warning-sign screen is done, all answered no."""

INTERVIEW_REPEAT: dict[str, Any] = {
    "age": 34,
    "sex": "female",
    "answers": {**_SCREEN_CLEAR, "night_pain": "unknown"},
    "second_answers": {"night_pain": "unknown"},
}
"""After a warning-sign question answered "unknown" was asked a second time (and still unknown)."""

INTERVIEW_GROUPED_START: dict[str, Any] = {"grouped": True, "answers": {}}
"""A chatbot's first call asking for grouped questions: a patient (the default audience)."""

INTERVIEW_GROUPED_LATER: dict[str, Any] = {
    "grouped": True,
    "answers": {
        "saddle_numbness": "no",
        "bladder_bowel_change": "no",
        "both_legs_symptoms": "no",
        "leg_weakness_worsening": "no",
        "breathless_or_chest_pain": "no",
        "calf_thigh_swelling": "no",
        "fever_or_unwell": "no",
        "infection_risk": "no",
        "cancer_history": "no",
        "weight_loss": "unknown",
        "night_pain": "no",
        "palpable_mass": "no",
        "worse_with_rest": "no",
        "cannot_bear_weight": "no",
        "major_trauma": "no",
        "osteoporosis": "no",
    },
}
"""After the four groups of the warning-sign screen, one sign left unanswered (asked again next)."""

INTERVIEW_CLINICIAN: dict[str, Any] = {"audience": "clinician", "grouped": True, "answers": {}}
"""A clinician's conversation: examination findings are asked too, last."""

MISTYPED: dict[str, Any] = {"answers": {"sit_bone_pian": "yes"}}
"""A mistyped question id, rejected with the nearest valid one."""


def openapi_examples(**named: tuple[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Request examples as FastAPI's `openapi_examples` wants them: name -> summary and value."""
    return {name: {"summary": summary, "value": value} for name, (summary, value) in named.items()}


INTAKE_EXAMPLES = openapi_examples(
    runner=(RUNNER_SUMMARY, RUNNER),
    emergency=(EMERGENCY_SUMMARY, EMERGENCY),
    mistyped=("A mistyped question id (422 with the nearest valid id)", MISTYPED),
)
INTERVIEW_EXAMPLES = openapi_examples(
    start=("The first call: nothing answered yet", INTERVIEW_START),
    after_screen=("After the warning-sign screen", INTERVIEW_LATER),
    repeat=("A warning sign still unknown after being asked twice", INTERVIEW_REPEAT),
    runner=(RUNNER_SUMMARY, RUNNER),
    emergency=(EMERGENCY_SUMMARY + " (the interview stops)", EMERGENCY),
    grouped_start=("A patient's first call with grouped questions", INTERVIEW_GROUPED_START),
    grouped_later=(
        "Grouped: the screen answered, one sign left unanswered",
        INTERVIEW_GROUPED_LATER,
    ),
    clinician=("A clinician's conversation (examination findings asked)", INTERVIEW_CLINICIAN),
)
BATCH_EXAMPLES = openapi_examples(
    clinic=(
        "Three intake forms, one with a mistyped id",
        {"intakes": [RUNNER, EMERGENCY, MISTYPED]},
    ),
)
