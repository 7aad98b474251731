"""Red flags as evidence for the condition they signal: their ratio against tendinopathy (clinical facts §9.5).

A yes to a red-flag screen question that is a red flag on its own, or to a cancer history, is a
feature of another condition, not of the tendon. `rules.findings` turns each row into a finding
with the ratio below; a "no" carries none.
"""

from __future__ import annotations

from rules.vocabulary import Q

COMPETING_RATIO = 0.5
"""A red flag's ratio for tendinopathy: evidence for the condition it signals (clinical facts §9.5)."""

CHILD_PRIOR_RATIO = COMPETING_RATIO
"""Under 18 (`rules.ages.CHILD`), the factor on the odds of the prior of tendinopathy.

Every tendinopathy cohort is adult, and in the skeletally immature the apophysis fails before the
tendon, so a child's sit-bone pain is less often the tendon (clinical facts §9.11). 0.5, the ratio
of a mimic's own feature: a clinical estimate, fixed before it was measured on the vignettes.
"""

# A red-flag question whose yes is a red flag alone, or a cancer history: the id of its rule (written
# out, so that a rule id in a trace can be found by search), its group and the condition it signals.
# One group per condition (clinical facts §4.2), so that one suspicion counts once; a flag shares a
# group with a mimic's own symptom where both measure the same thing.
RED_FLAG_EVIDENCE: tuple[tuple[Q, str, str, str], ...] = (
    (Q.SADDLE_NUMBNESS, "likelihood_saddle_numbness_yes", "cauda_equina", "cauda equina syndrome"),
    (
        Q.BLADDER_BOWEL_CHANGE,
        "likelihood_bladder_bowel_change_yes",
        "cauda_equina",
        "cauda equina syndrome",
    ),
    (
        Q.BOTH_LEGS_SYMPTOMS,
        "likelihood_both_legs_symptoms_yes",
        "cauda_equina",
        "cauda equina syndrome",
    ),
    (
        Q.LEG_WEAKNESS_WORSENING,
        "likelihood_leg_weakness_worsening_yes",
        "neuro_exam",
        "a progressive nerve deficit",
    ),
    (Q.CALF_THIGH_SWELLING, "likelihood_calf_thigh_swelling_yes", "venous", "a thrombosis"),
    (
        Q.BREATHLESS_OR_CHEST_PAIN,
        "likelihood_breathless_or_chest_pain_yes",
        "venous",
        "a pulmonary embolism",
    ),
    (Q.FEVER_OR_UNWELL, "likelihood_fever_or_unwell_yes", "infection", "an infection"),
    (
        Q.BUTTOCK_SWELLING,
        "likelihood_buttock_swelling_yes",
        "infection",
        "an infection, a compartment syndrome or a growth",
    ),
    (
        Q.CANNOT_BEAR_WEIGHT,
        "likelihood_cannot_bear_weight_yes",
        "weight_bearing",
        "a fracture or an infection",
    ),
    (
        Q.MAJOR_TRAUMA,
        "likelihood_major_trauma_yes",
        "onset",
        "a fracture or a tear (an injury is a sudden start)",
    ),
    (
        Q.LONG_LIE,
        "likelihood_long_lie_yes",
        "onset",
        "a compartment syndrome (a long lie is an injury)",
    ),
    (Q.CANCER_HISTORY, "likelihood_cancer_history_yes", "tumour", "a malignancy"),
    (Q.WEIGHT_LOSS, "likelihood_weight_loss_yes", "tumour", "a malignancy"),
    (Q.NIGHT_PAIN, "likelihood_night_pain_yes", "tumour", "a malignancy"),
    (Q.PALPABLE_MASS, "likelihood_palpable_mass_yes", "tumour", "a malignancy"),
    (
        Q.WORSE_WITH_REST,
        "likelihood_worse_with_rest_yes",
        "tumour",
        "a malignancy or an infection",
    ),
)
