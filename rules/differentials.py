"""Differentials: the conditions that mimic tendinopathy and the features that point to them (clinical facts §3).

Each row adds a weighted sign for one condition. A condition's support is the sum of its signs
(`triage.assessment.support`): 1 is low, 2 moderate, 3 or more high. Every red flag also counts as a
strong sign for the condition it signals, through `differential_from_red_flag`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from experta import MATCH, NOT, KnowledgeEngine, L, W

from rules.ages import ADULT, APOPHYSIS_OPEN, CHILD
from rules.base import (
    Answers,
    RedFlag,
    Sign,
    Source,
    attach_rules,
    brief,
    clinical_rule,
    generated_rule,
    predicate,
    when,
)
from rules.scale import Condition
from rules.vocabulary import NO, YES

FEMALE_OR_OTHER = predicate("female or other", lambda sex: sex in ("female", "other"))
AGE_75_OR_MORE = predicate("75 or more", lambda age: age >= 75)
AGE_65_OR_MORE = predicate("65 or more", lambda age: age >= 65)

RADICULOPATHY = brief("§3 lumbar radiculopathy: van der Windt 2010; Yale comparison table")
AVULSION = brief("§3 acute proximal hamstring avulsion: Colosimo; Subbu 2015")
APOPHYSEAL = brief("§3 adolescent apophyseal avulsion: Rossi & Dragoni 2001; Eberbach 2017")
APOPHYSEAL_GAIT = brief(
    "§3 adolescent apophyseal avulsion (Rossi & Dragoni 2001: football and gymnastics; Eberbach "
    "2017: mean age 14.3), which can begin gradually; §3 avulsion: an uneven gait; §9.6"
)
DEEP_GLUTEAL = brief("§3 deep gluteal syndrome: Martin 2014")
DEEP_GLUTEAL_SCIATICA = brief(
    "§9.12 deep gluteal syndrome, a sciatic entrapment not from a disc: radicular pain is a history "
    "item (Kizaki 2020); §3 pain like sciatica (Martin 2014)"
)
IFI = brief("§3 ischiofemoral impingement: Gómez-Hoyos 2016")
IFI_HISTORY = brief(
    "§9.13 ischiofemoral impingement: snapping, crepitation or locking; first described after hip "
    "surgery, and narrowed by a hip replacement, an osteotomy or a fracture (Radiopaedia; Eurorad "
    "2017); §3 'after hip surgery'"
)
STRESS_FRACTURE = brief("§3 stress fracture: Sports Health 2019; Kahanov 2011")
STRESS_FRACTURE_TRIAD = brief(
    "§3 stress fracture: runners, above all women with the female athlete triad (Sports Health "
    "2019; Kahanov 2011); §9.1 women runners at higher risk through low energy intake and "
    "amenorrhoea (Acta Biomed 2018)"
)
STRESS_FRACTURE_YOUNG_FEMALE = brief(
    "§9.8 adolescent runners at high risk of stress fracture (Tenforde 2013); the pelvic, sacral "
    "and femoral-neck stress injuries of young runners almost all in girls (Tenforde, "
    "middle-school runners)"
)
VASCULAR = brief("§3 vascular claudication: AMSSM cases")
DVT = brief("§3 DVT: Theiss 2011")
SILENT_EMBOLISM = brief(
    "§9.15 a silent pulmonary embolism in 32% of people with a deep vein thrombosis (Stein 2010, "
    "a systematic review of 28 studies)"
)
CYCLICAL = brief("§3 sciatic-nerve endometriosis (catamenial sciatica)")
BURSITIS = brief("§3 ischial bursitis")
BURSITIS_LUMP = brief(
    "§9.14 ischial bursitis: an inflamed bursa swells into a fluid-filled sac against the ischial "
    "tuberosity (Waldman; Cho 2004: 17 patients, MRI; Márquez-Arabia 2018)"
)
MALIGNANCY = brief("§4.2 malignancy: known or previous cancer; §9.2 how malignancy is named")
FRACTURE_RED_FLAGS = brief(
    "§9.10 red flags for fracture: corticosteroid use, older age (Williams 2013 Cochrane); "
    "osteoporosis, age 75 or more (Enthoven 2016)"
)
SACRAL_INSUFFICIENCY = brief(
    "§9.10 sacral insufficiency fractures in older women with low back or buttock pain after no "
    "or minimal trauma (Tsiridis 2006; Schindler 2007); osteoporosis sought in every woman of 65 "
    "or more (USPSTF 2018)"
)
COMPARTMENT_AFTER_INJURY = brief(
    "§9.10 compartment syndrome after an injury: trauma to the thigh and a markedly swollen thigh "
    "(Golden 2005; Colosimo & Ireland 1992; Kanlic 2010); §4.2 compartment syndrome"
)
BUTTOCK_SWELLING = brief(
    "§9.17 a swollen buttock: a tumour (Rezzoug 2025), a gluteal compartment syndrome after an "
    "injury (Diaz Dilernia 2016; Hinton 2024), an inflamed ischial bursa (§9.14)"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Feature:
    """A feature that points to (positive weight) or away from (negative) a condition.

    `rule` is the id of its rule, `differential_<condition>_<feature>`, written out so that a rule
    id in a trace can be found by search; a row whose rule id does not name its condition is
    refused.
    """

    rule: str
    condition: Condition
    when: dict[str, Any]
    weight: int
    reason: str
    source: Source

    def __post_init__(self) -> None:
        prefix = f"differential_{self.condition.value}_"
        if not (self.rule.startswith(prefix) and len(self.rule) > len(prefix)):
            raise ValueError(f"rule id {self.rule!r} does not start with {prefix!r}")

    @property
    def name(self) -> str:
        """The feature's own part of the rule id."""
        return self.rule.removeprefix(f"differential_{self.condition.value}_")


FEATURES: tuple[Feature, ...] = (
    Feature(
        rule="differential_lumbar_radiculopathy_below_knee_pain",
        condition=Condition.LUMBAR_RADICULOPATHY,
        when={"below_knee_pain": YES},
        weight=2,
        reason="Pain shoots below the knee.",
        source=RADICULOPATHY,
    ),
    Feature(
        rule="differential_lumbar_radiculopathy_leg_tingling",
        condition=Condition.LUMBAR_RADICULOPATHY,
        when={"leg_tingling": YES},
        weight=1,
        reason="Pins and needles or numbness in the leg.",
        source=RADICULOPATHY,
    ),
    Feature(
        rule="differential_lumbar_radiculopathy_cough_sneeze_pain",
        condition=Condition.LUMBAR_RADICULOPATHY,
        when={"cough_sneeze_pain": YES},
        weight=1,
        reason="The leg pain is worse on coughing or sneezing.",
        source=RADICULOPATHY,
    ),
    Feature(
        rule="differential_lumbar_radiculopathy_back_pain",
        condition=Condition.LUMBAR_RADICULOPATHY,
        when={"back_pain": YES},
        weight=1,
        reason="Low back pain.",
        source=RADICULOPATHY,
    ),
    Feature(
        rule="differential_lumbar_radiculopathy_straight_leg_raise",
        condition=Condition.LUMBAR_RADICULOPATHY,
        when={"straight_leg_raise_test": YES},
        weight=1,
        reason="Positive straight-leg raise (sensitive, not specific).",
        source=RADICULOPATHY,
    ),
    Feature(
        rule="differential_lumbar_radiculopathy_slump",
        condition=Condition.LUMBAR_RADICULOPATHY,
        when={"slump_test": YES},
        weight=1,
        reason="Positive slump test.",
        source=RADICULOPATHY,
    ),
    Feature(
        rule="differential_lumbar_radiculopathy_crossed_straight_leg_raise",
        condition=Condition.LUMBAR_RADICULOPATHY,
        when={"crossed_straight_leg_raise_test": YES},
        weight=2,
        reason="Positive crossed straight-leg raise (specificity 0.90).",
        source=RADICULOPATHY,
    ),
    Feature(
        rule="differential_lumbar_radiculopathy_neuro_deficit",
        condition=Condition.LUMBAR_RADICULOPATHY,
        when={"neuro_deficit": YES},
        weight=2,
        reason="A reflex, power or sensory deficit on examination.",
        source=RADICULOPATHY,
    ),
    Feature(
        rule="differential_lumbar_radiculopathy_no_below_knee_pain",
        condition=Condition.LUMBAR_RADICULOPATHY,
        when={"below_knee_pain": NO},
        weight=-1,
        reason="No pain below the knee.",
        source=RADICULOPATHY,
    ),
    Feature(
        rule="differential_hamstring_avulsion_sudden_pop",
        condition=Condition.HAMSTRING_AVULSION,
        when={"sudden_onset": YES, "felt_pop": YES, "age": ADULT},
        weight=2,
        reason="A sudden start with a pop or snap.",
        source=AVULSION,
    ),
    Feature(
        rule="differential_hamstring_avulsion_bruising",
        condition=Condition.HAMSTRING_AVULSION,
        when={"sudden_onset": YES, "thigh_bruising": YES},
        weight=1,
        reason="Bruising down the back of the thigh after a sudden start.",
        source=AVULSION,
    ),
    Feature(
        rule="differential_hamstring_avulsion_gap_or_weakness",
        condition=Condition.HAMSTRING_AVULSION,
        when={"hamstring_gap_or_weakness": YES},
        weight=3,
        reason="A gap below the sit bone or marked weakness bending the knee.",
        source=AVULSION,
    ),
    Feature(
        rule="differential_hamstring_avulsion_walking_difficulty",
        condition=Condition.HAMSTRING_AVULSION,
        when={"sudden_onset": YES, "walking_difficulty": YES},
        weight=1,
        reason="Difficulty walking since a sudden start.",
        source=AVULSION,
    ),
    Feature(
        rule="differential_apophyseal_avulsion_young_sudden_onset",
        condition=Condition.APOPHYSEAL_AVULSION,
        when={"sudden_onset": YES, "age": APOPHYSIS_OPEN},
        weight=2,
        reason="A sudden start at an age when the sit-bone growth plate may be open.",
        source=APOPHYSEAL,
    ),
    Feature(
        rule="differential_apophyseal_avulsion_young_pop",
        condition=Condition.APOPHYSEAL_AVULSION,
        when={"felt_pop": YES, "age": APOPHYSIS_OPEN},
        weight=1,
        reason="A pop or snap in a young person.",
        source=APOPHYSEAL,
    ),
    Feature(
        rule="differential_apophyseal_avulsion_young_sprint_sport",
        condition=Condition.APOPHYSEAL_AVULSION,
        when={"runs_or_sprint_sport": YES, "sit_bone_tender": YES, "age": APOPHYSIS_OPEN},
        weight=1,
        reason="A young athlete in a sprinting or kicking sport with a tender sit bone.",
        source=APOPHYSEAL,
    ),
    Feature(
        rule="differential_apophyseal_avulsion_young_athlete_limp",
        condition=Condition.APOPHYSEAL_AVULSION,
        when={"runs_or_sprint_sport": YES, "walking_difficulty": YES, "age": APOPHYSIS_OPEN},
        weight=1,
        reason="A young athlete in a sprinting or kicking sport who has difficulty walking: "
        "an avulsion gives an uneven gait, and in the young it can start gradually.",
        source=APOPHYSEAL_GAIT,
    ),
    Feature(
        rule="differential_deep_gluteal_syndrome_piriformis_tests",
        condition=Condition.DEEP_GLUTEAL_SYNDROME,
        when={"piriformis_tests": YES},
        weight=3,
        reason="Positive piriformis tests (either positive: LR+ 4.57).",
        source=DEEP_GLUTEAL,
    ),
    Feature(
        rule="differential_deep_gluteal_syndrome_sitting_sciatica",
        condition=Condition.DEEP_GLUTEAL_SYNDROME,
        when={"sitting_pain": YES, "leg_tingling": YES},
        weight=1,
        reason="Sitting pain with tingling down the leg.",
        source=DEEP_GLUTEAL,
    ),
    Feature(
        rule="differential_deep_gluteal_syndrome_below_knee_pain",
        condition=Condition.DEEP_GLUTEAL_SYNDROME,
        when={"below_knee_pain": YES},
        weight=1,
        reason="Pain shoots below the knee: sciatica, which can come from the deep gluteal space as "
        "well as from the spine.",
        source=DEEP_GLUTEAL_SCIATICA,
    ),
    Feature(
        rule="differential_ischiofemoral_impingement_long_stride_pain",
        condition=Condition.ISCHIOFEMORAL_IMPINGEMENT,
        when={"long_stride_pain": YES},
        weight=2,
        reason="Pain with long strides eased by short strides (sensitivity 0.95, specificity 0.84).",
        source=IFI,
    ),
    Feature(
        rule="differential_ischiofemoral_impingement_hip_snapping",
        condition=Condition.ISCHIOFEMORAL_IMPINGEMENT,
        when={"hip_snapping": YES},
        weight=1,
        reason="A snap, clunk or catch deep in the hip or buttock.",
        source=IFI_HISTORY,
    ),
    Feature(
        rule="differential_ischiofemoral_impingement_hip_surgery",
        condition=Condition.ISCHIOFEMORAL_IMPINGEMENT,
        when={"hip_surgery": YES},
        weight=1,
        reason="An earlier operation on the hip or the top of the thigh bone can narrow the space "
        "between the thigh bone and the pelvis.",
        source=IFI_HISTORY,
    ),
    Feature(
        rule="differential_ischiofemoral_impingement_long_stride_female",
        condition=Condition.ISCHIOFEMORAL_IMPINGEMENT,
        when={"long_stride_pain": YES, "sex": "female"},
        weight=1,
        reason="Ischiofemoral impingement is much more common in women.",
        source=IFI,
    ),
    Feature(
        rule="differential_stress_fracture_energy_deficiency",
        condition=Condition.STRESS_FRACTURE,
        when={"low_energy_or_amenorrhoea": YES},
        weight=1,
        reason="Missed periods, low energy intake or earlier stress fractures.",
        source=STRESS_FRACTURE,
    ),
    Feature(
        rule="differential_stress_fracture_hop_pain",
        condition=Condition.STRESS_FRACTURE,
        when={"hop_pain": YES},
        weight=1,
        reason="Pain on hopping or standing on one leg.",
        source=STRESS_FRACTURE,
    ),
    Feature(
        rule="differential_stress_fracture_hop_pain_after_increase",
        condition=Condition.STRESS_FRACTURE,
        when={"hop_pain": YES, "training_increase": YES},
        weight=1,
        reason="Pain on hopping after a rise in training.",
        source=STRESS_FRACTURE,
    ),
    Feature(
        rule="differential_stress_fracture_runner_energy_deficiency",
        condition=Condition.STRESS_FRACTURE,
        when={"runs_or_sprint_sport": YES, "low_energy_or_amenorrhoea": YES},
        weight=1,
        reason="A runner with missed periods, low energy intake or earlier stress fractures: the "
        "female athlete triad in the sport where pelvic and femoral stress fractures happen.",
        source=STRESS_FRACTURE_TRIAD,
    ),
    Feature(
        rule="differential_stress_fracture_young_female_runner",
        condition=Condition.STRESS_FRACTURE,
        when={"runs_or_sprint_sport": YES, "sex": "female", "age": CHILD},
        weight=1,
        reason="A girl who runs: in young runners the stress injuries of the pelvis, sacrum and "
        "hip are almost all in girls.",
        source=STRESS_FRACTURE_YOUNG_FEMALE,
    ),
    Feature(
        rule="differential_vascular_claudication_exertional_cramp",
        condition=Condition.VASCULAR_CLAUDICATION,
        when={"exertional_cramp_relief": YES},
        weight=3,
        reason="Cramping pain during exercise that goes within minutes of stopping.",
        source=VASCULAR,
    ),
    Feature(
        rule="differential_deep_vein_thrombosis_calf_pain",
        condition=Condition.DEEP_VEIN_THROMBOSIS,
        when={"calf_pain": YES},
        weight=1,
        reason="An aching, tight calf.",
        source=DVT,
    ),
    Feature(
        rule="differential_pulmonary_embolism_swollen_leg",
        condition=Condition.PULMONARY_EMBOLISM,
        when={"calf_thigh_swelling": YES},
        weight=1,
        reason="A swollen calf or thigh: about one person in three with a clot in a leg vein "
        "already has a small clot in the lungs without symptoms.",
        source=SILENT_EMBOLISM,
    ),
    Feature(
        rule="differential_cyclical_sciatica_cyclical_pain",
        condition=Condition.CYCLICAL_SCIATICA,
        when={"cyclical_pain": YES, "sex": FEMALE_OR_OTHER},
        weight=3,
        reason="The pain follows the menstrual cycle.",
        source=CYCLICAL,
    ),
    Feature(
        rule="differential_cyclical_sciatica_cyclical_sciatica",
        condition=Condition.CYCLICAL_SCIATICA,
        when={"cyclical_pain": YES, "below_knee_pain": YES},
        weight=1,
        reason="Cyclical pain that shoots down the leg.",
        source=CYCLICAL,
    ),
    Feature(
        rule="differential_malignancy_cancer_history",
        condition=Condition.MALIGNANCY,
        when={"cancer_history": YES},
        weight=2,
        reason="A current or previous cancer: a metastasis has to be considered.",
        source=MALIGNANCY,
    ),
    Feature(
        rule="differential_hamstring_avulsion_adult_sudden_onset",
        condition=Condition.HAMSTRING_AVULSION,
        when={"sudden_onset": YES, "age": ADULT},
        weight=1,
        reason="A sudden start in an adult, the way proximal tears and avulsions begin.",
        source=AVULSION,
    ),
    Feature(
        rule="differential_vascular_claudication_runner_tingling",
        condition=Condition.VASCULAR_CLAUDICATION,
        when={"runs_or_sprint_sport": YES, "leg_tingling": YES},
        weight=1,
        reason="Tingling in the leg of a runner: iliac artery endofibrosis is often taken for "
        "a trapped nerve.",
        source=VASCULAR,
    ),
    Feature(
        rule="differential_fracture_osteoporosis",
        condition=Condition.FRACTURE,
        when={"osteoporosis": YES},
        weight=1,
        reason="Osteoporosis or long-term steroid tablets: a bone can break with little or no "
        "injury.",
        source=FRACTURE_RED_FLAGS,
    ),
    Feature(
        rule="differential_fracture_older_age",
        condition=Condition.FRACTURE,
        when={"age": AGE_75_OR_MORE},
        weight=1,
        reason="Age 75 or more, when fractures from minor or no injury become common.",
        source=FRACTURE_RED_FLAGS,
    ),
    Feature(
        rule="differential_fracture_older_woman_back_pain",
        condition=Condition.FRACTURE,
        when={"sex": "female", "age": AGE_65_OR_MORE, "back_pain": YES},
        weight=1,
        reason="Low back pain in a woman of 65 or more: a fracture of the sacrum from thin bones "
        "is an often overlooked cause.",
        source=SACRAL_INSUFFICIENCY,
    ),
    Feature(
        rule="differential_compartment_syndrome_after_injury",
        condition=Condition.COMPARTMENT_SYNDROME,
        when={"major_trauma": YES},
        weight=1,
        reason="A significant fall, collision or accident: bleeding into a muscle can raise the "
        "pressure in it.",
        source=COMPARTMENT_AFTER_INJURY,
    ),
    Feature(
        rule="differential_compartment_syndrome_swelling_after_injury",
        condition=Condition.COMPARTMENT_SYNDROME,
        when={"major_trauma": YES, "calf_thigh_swelling": YES},
        weight=1,
        reason="A swollen calf or thigh after a significant fall, collision or accident.",
        source=COMPARTMENT_AFTER_INJURY,
    ),
    Feature(
        rule="differential_compartment_syndrome_swelling_after_sudden_start",
        condition=Condition.COMPARTMENT_SYNDROME,
        when={"sudden_onset": YES, "calf_thigh_swelling": YES},
        weight=2,
        reason="A swollen calf or thigh since a sudden start: an injury and a swollen compartment.",
        source=COMPARTMENT_AFTER_INJURY,
    ),
    Feature(
        rule="differential_compartment_syndrome_buttock_swelling_after_injury",
        condition=Condition.COMPARTMENT_SYNDROME,
        when={"major_trauma": YES, "buttock_swelling": YES},
        weight=1,
        reason="A swollen buttock after a significant fall, collision or accident.",
        source=BUTTOCK_SWELLING,
    ),
    Feature(
        rule="differential_compartment_syndrome_buttock_swelling_after_sudden_start",
        condition=Condition.COMPARTMENT_SYNDROME,
        when={"sudden_onset": YES, "buttock_swelling": YES},
        weight=2,
        reason="A swollen buttock since a sudden start: an injury and a swollen compartment.",
        source=BUTTOCK_SWELLING,
    ),
    Feature(
        rule="differential_malignancy_buttock_swelling",
        condition=Condition.MALIGNANCY,
        when={"buttock_swelling": YES},
        weight=1,
        reason="A swollen buttock: a growth in the muscle can show as a swelling.",
        source=BUTTOCK_SWELLING,
    ),
    Feature(
        rule="differential_ischial_bursitis_sitting_after_fall",
        condition=Condition.ISCHIAL_BURSITIS,
        when={"sit_bone_pain": YES, "sitting_pain": YES, "major_trauma": YES},
        weight=1,
        reason="Sit-bone pain on sitting after a fall; bursitis is hard to tell from tendinopathy.",
        source=BURSITIS,
    ),
    Feature(
        rule="differential_ischial_bursitis_lump_at_sit_bone",
        condition=Condition.ISCHIAL_BURSITIS,
        when={"palpable_mass": YES, "sit_bone_pain": YES},
        weight=1,
        reason="A lump with pain at the sit bone: an inflamed bursa there swells into a sac of "
        "fluid.",
        source=BURSITIS_LUMP,
    ),
    Feature(
        rule="differential_ischial_bursitis_swelling_at_sit_bone",
        condition=Condition.ISCHIAL_BURSITIS,
        when={"buttock_swelling": YES, "sit_bone_pain": YES},
        weight=1,
        reason="A swollen buttock with pain at the sit bone: an inflamed bursa there swells into a "
        "sac of fluid.",
        source=BUTTOCK_SWELLING,
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

    @clinical_rule(
        when(sudden_onset=YES, runs_or_sprint_sport=YES),
        NOT(Answers(age=W())),
        source=APOPHYSEAL,
    )
    def differential_apophyseal_avulsion_sudden_sport_age_unknown(self) -> None:
        """A sudden start in a sprinting or kicking sport, age not known, points a little to an apophyseal avulsion."""
        self.declare(
            Sign(
                condition=Condition.APOPHYSEAL_AVULSION,
                weight=1,
                reason="A sudden start in a sprinting or kicking sport, with the age not known: "
                "in a young person the sit-bone growth plate may be open.",
            )
        )


def _feature_rule(feature: Feature) -> tuple[str, object]:
    rule_id = feature.rule
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


attach_rules(DifferentialRules, dict(_feature_rule(feature) for feature in FEATURES))
