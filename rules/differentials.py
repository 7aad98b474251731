"""Differentials: the conditions that mimic tendinopathy and the features that point to them (brief §3).

Each row adds a weighted sign for one condition. A condition's support is the sum of its signs
(`triage.differentials`): 1 is low, 2 moderate, 3 or more high. Every red flag also counts as a
strong sign for the condition it signals, through `differential_from_red_flag`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from experta import MATCH, KnowledgeEngine, L

from rules.base import (
    RedFlag,
    Sign,
    Source,
    brief,
    clinical_rule,
    generated_rule,
    install,
    predicate,
    when,
)
from triage.scale import Condition
from triage.vocabulary import NO, YES

ADULT = predicate("18 or over", lambda age: age >= 18)
YOUNG = predicate("11 to 25", lambda age: 11 <= age <= 25)
FEMALE_OR_UNSTATED = predicate(
    "female, other or unknown", lambda sex: sex in ("female", "other", "unknown")
)

RADICULOPATHY = brief("§3 lumbar radiculopathy: van der Windt 2010; Yale comparison table")
AVULSION = brief("§3 acute proximal hamstring avulsion: Colosimo; Subbu 2015")
APOPHYSEAL = brief("§3 adolescent apophyseal avulsion: Rossi & Dragoni 2001; Eberbach 2017")
DEEP_GLUTEAL = brief("§3 deep gluteal syndrome: Martin 2014")
IFI = brief("§3 ischiofemoral impingement: Gómez-Hoyos 2016")
STRESS_FRACTURE = brief("§3 stress fracture: Sports Health 2019; Kahanov 2011")
VASCULAR = brief("§3 vascular claudication: AMSSM cases")
DVT = brief("§3 DVT: Theiss 2011")
CYCLICAL = brief("§3 sciatic-nerve endometriosis (catamenial sciatica)")
BURSITIS = brief("§3 ischial bursitis")


@dataclass(frozen=True, slots=True)
class Feature:
    """A feature that points to (positive weight) or away from (negative) a condition."""

    name: str
    condition: Condition
    when: dict[str, Any]
    weight: int
    reason: str
    source: Source


FEATURES: tuple[Feature, ...] = (
    Feature(
        "below_knee_pain",
        Condition.LUMBAR_RADICULOPATHY,
        {"below_knee_pain": YES},
        2,
        "Pain shoots below the knee.",
        RADICULOPATHY,
    ),
    Feature(
        "leg_tingling",
        Condition.LUMBAR_RADICULOPATHY,
        {"leg_tingling": YES},
        1,
        "Pins and needles or numbness in the leg.",
        RADICULOPATHY,
    ),
    Feature(
        "cough_sneeze_pain",
        Condition.LUMBAR_RADICULOPATHY,
        {"cough_sneeze_pain": YES},
        1,
        "The leg pain is worse on coughing or sneezing.",
        RADICULOPATHY,
    ),
    Feature(
        "back_pain",
        Condition.LUMBAR_RADICULOPATHY,
        {"back_pain": YES},
        1,
        "Low back pain.",
        RADICULOPATHY,
    ),
    Feature(
        "straight_leg_raise",
        Condition.LUMBAR_RADICULOPATHY,
        {"straight_leg_raise_test": YES},
        1,
        "Positive straight-leg raise (sensitive, not specific).",
        RADICULOPATHY,
    ),
    Feature(
        "slump",
        Condition.LUMBAR_RADICULOPATHY,
        {"slump_test": YES},
        1,
        "Positive slump test.",
        RADICULOPATHY,
    ),
    Feature(
        "crossed_straight_leg_raise",
        Condition.LUMBAR_RADICULOPATHY,
        {"crossed_straight_leg_raise_test": YES},
        2,
        "Positive crossed straight-leg raise (specificity 0.90).",
        RADICULOPATHY,
    ),
    Feature(
        "neuro_deficit",
        Condition.LUMBAR_RADICULOPATHY,
        {"neuro_deficit": YES},
        2,
        "A reflex, power or sensory deficit on examination.",
        RADICULOPATHY,
    ),
    Feature(
        "no_below_knee_pain",
        Condition.LUMBAR_RADICULOPATHY,
        {"below_knee_pain": NO},
        -1,
        "No pain below the knee.",
        RADICULOPATHY,
    ),
    Feature(
        "sudden_pop",
        Condition.HAMSTRING_AVULSION,
        {"sudden_onset": YES, "felt_pop": YES, "age": ADULT},
        2,
        "A sudden start with a pop or snap.",
        AVULSION,
    ),
    Feature(
        "bruising",
        Condition.HAMSTRING_AVULSION,
        {"sudden_onset": YES, "thigh_bruising": YES},
        1,
        "Bruising down the back of the thigh after a sudden start.",
        AVULSION,
    ),
    Feature(
        "gap_or_weakness",
        Condition.HAMSTRING_AVULSION,
        {"hamstring_gap_or_weakness": YES},
        3,
        "A gap below the sit bone or marked weakness bending the knee.",
        AVULSION,
    ),
    Feature(
        "walking_difficulty",
        Condition.HAMSTRING_AVULSION,
        {"sudden_onset": YES, "walking_difficulty": YES},
        1,
        "Difficulty walking since a sudden start.",
        AVULSION,
    ),
    Feature(
        "young_sudden_onset",
        Condition.APOPHYSEAL_AVULSION,
        {"sudden_onset": YES, "age": YOUNG},
        2,
        "A sudden start at an age when the sit-bone growth plate may be open.",
        APOPHYSEAL,
    ),
    Feature(
        "young_pop",
        Condition.APOPHYSEAL_AVULSION,
        {"felt_pop": YES, "age": YOUNG},
        1,
        "A pop or snap in a young person.",
        APOPHYSEAL,
    ),
    Feature(
        "young_sprint_sport",
        Condition.APOPHYSEAL_AVULSION,
        {"runs_or_sprint_sport": YES, "sit_bone_tender": YES, "age": YOUNG},
        1,
        "A young athlete in a sprinting or kicking sport with a tender sit bone.",
        APOPHYSEAL,
    ),
    Feature(
        "piriformis_tests",
        Condition.DEEP_GLUTEAL_SYNDROME,
        {"piriformis_tests": YES},
        3,
        "Positive piriformis tests (either positive: LR+ 4.57).",
        DEEP_GLUTEAL,
    ),
    Feature(
        "sitting_sciatica",
        Condition.DEEP_GLUTEAL_SYNDROME,
        {"sitting_pain": YES, "leg_tingling": YES},
        1,
        "Sitting pain with tingling down the leg.",
        DEEP_GLUTEAL,
    ),
    Feature(
        "long_stride_pain",
        Condition.ISCHIOFEMORAL_IMPINGEMENT,
        {"long_stride_pain": YES},
        2,
        "Pain with long strides eased by short strides (sensitivity 0.95, specificity 0.84).",
        IFI,
    ),
    Feature(
        "long_stride_female",
        Condition.ISCHIOFEMORAL_IMPINGEMENT,
        {"long_stride_pain": YES, "sex": "female"},
        1,
        "Ischiofemoral impingement is much more common in women.",
        IFI,
    ),
    Feature(
        "energy_deficiency",
        Condition.STRESS_FRACTURE,
        {"low_energy_or_amenorrhoea": YES},
        1,
        "Missed periods, low energy intake or earlier stress fractures.",
        STRESS_FRACTURE,
    ),
    Feature(
        "hop_pain",
        Condition.STRESS_FRACTURE,
        {"hop_pain": YES},
        1,
        "Pain on hopping or standing on one leg.",
        STRESS_FRACTURE,
    ),
    Feature(
        "hop_pain_after_increase",
        Condition.STRESS_FRACTURE,
        {"hop_pain": YES, "training_increase": YES},
        1,
        "Pain on hopping after a rise in training.",
        STRESS_FRACTURE,
    ),
    Feature(
        "exertional_cramp",
        Condition.VASCULAR_CLAUDICATION,
        {"exertional_cramp_relief": YES},
        3,
        "Cramping pain during exercise that goes within minutes of stopping.",
        VASCULAR,
    ),
    Feature(
        "calf_pain",
        Condition.DEEP_VEIN_THROMBOSIS,
        {"calf_pain": YES},
        1,
        "An aching, tight calf.",
        DVT,
    ),
    Feature(
        "cyclical_pain",
        Condition.CYCLICAL_SCIATICA,
        {"cyclical_pain": YES, "sex": FEMALE_OR_UNSTATED},
        3,
        "The pain follows the menstrual cycle.",
        CYCLICAL,
    ),
    Feature(
        "cyclical_sciatica",
        Condition.CYCLICAL_SCIATICA,
        {"cyclical_pain": YES, "below_knee_pain": YES},
        1,
        "Cyclical pain that shoots down the leg.",
        CYCLICAL,
    ),
    Feature(
        "sitting_after_fall",
        Condition.ISCHIAL_BURSITIS,
        {"sit_bone_pain": YES, "sitting_pain": YES, "major_trauma": YES},
        1,
        "Sit-bone pain on sitting after a fall; bursitis is hard to tell from tendinopathy.",
        BURSITIS,
    ),
)


class DifferentialRules(KnowledgeEngine):  # type: ignore[misc]
    """Signs for and against the conditions that mimic tendinopathy."""

    @clinical_rule(
        RedFlag(
            condition=MATCH.condition & ~L(Condition.PROXIMAL_HAMSTRING_TENDINOPATHY),
            message=MATCH.message,
        ),
        source=brief("§4.2: each red flag signals the condition named in its row"),
    )
    def differential_from_red_flag(self, condition: Condition, message: str) -> None:
        """A red flag is a strong sign of the condition it signals."""
        self.declare(Sign(condition=condition, weight=3, reason=message))


def _feature_rule(feature: Feature) -> tuple[str, object]:
    rule_id = f"differential_{feature.condition.value}_{feature.name}"
    direction = "points to" if feature.weight > 0 else "points away from"
    return rule_id, generated_rule(
        rule_id,
        (when(**feature.when),),
        (
            (
                Sign,
                {
                    "condition": feature.condition,
                    "weight": feature.weight,
                    "reason": feature.reason,
                },
            ),
        ),
        f"{feature.reason} This {direction} {feature.condition.value.replace('_', ' ')} "
        f"(weight {feature.weight:+d}).",
        feature.source,
    )


install(DifferentialRules, dict(_feature_rule(feature) for feature in FEATURES))
