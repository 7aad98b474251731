"""The intake vocabulary of the contract: question ids, answer types, ranges and groups.

Ids are public and stable (contract §2). The words shown to a person live apart, in
`triage/locale/<language>.json`, keyed by the same ids, so that they can be translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process


class Group(StrEnum):
    """The part of the questionnaire a question belongs to, in the order they are asked."""

    RED_FLAG = "red_flag"
    HISTORY = "history"
    SYMPTOM = "symptom"
    EXAMINATION = "examination"


class Audience(StrEnum):
    """Who holds a conversation (contract §6): a patient is never asked an examination item."""

    PATIENT = "patient"
    CLINICIAN = "clinician"

    def asks(self, group: Group) -> bool:
        """Whether items of this group are asked of this audience."""
        return self is Audience.CLINICIAN or group is not Group.EXAMINATION


class Kind(StrEnum):
    """How a question is answered."""

    YES_NO = "yes_no"
    NUMBER = "number"


class YesNo(StrEnum):
    """The answers to a yes/no question; for an examination test, yes means positive."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


YES = YesNo.YES
NO = YesNo.NO
UNKNOWN = YesNo.UNKNOWN


class Q(StrEnum):
    """Every question id of the contract, in questionnaire order."""

    # Red-flag screen, asked first and in this order.
    SADDLE_NUMBNESS = "saddle_numbness"
    BLADDER_BOWEL_CHANGE = "bladder_bowel_change"
    BOTH_LEGS_SYMPTOMS = "both_legs_symptoms"
    BREATHLESS_OR_CHEST_PAIN = "breathless_or_chest_pain"
    LEG_WEAKNESS_WORSENING = "leg_weakness_worsening"
    FEVER_OR_UNWELL = "fever_or_unwell"
    INFECTION_RISK = "infection_risk"
    CANNOT_BEAR_WEIGHT = "cannot_bear_weight"
    MAJOR_TRAUMA = "major_trauma"
    OSTEOPOROSIS = "osteoporosis"
    CALF_THIGH_SWELLING = "calf_thigh_swelling"
    CANCER_HISTORY = "cancer_history"
    WEIGHT_LOSS = "weight_loss"
    NIGHT_PAIN = "night_pain"
    PALPABLE_MASS = "palpable_mass"
    WORSE_WITH_REST = "worse_with_rest"
    # History.
    SUDDEN_ONSET = "sudden_onset"
    FELT_POP = "felt_pop"
    THIGH_BRUISING = "thigh_bruising"
    LONG_LIE = "long_lie"
    TRAINING_INCREASE = "training_increase"
    RUNS_OR_SPRINT_SPORT = "runs_or_sprint_sport"
    PREVIOUS_HAMSTRING_INJURY = "previous_hamstring_injury"
    HIP_SURGERY = "hip_surgery"
    LOW_ENERGY_OR_AMENORRHOEA = "low_energy_or_amenorrhoea"
    DURATION_WEEKS = "duration_weeks"
    # Symptoms.
    SIT_BONE_PAIN = "sit_bone_pain"
    THIGH_RADIATION = "thigh_radiation"
    BELOW_KNEE_PAIN = "below_knee_pain"
    LEG_TINGLING = "leg_tingling"
    BACK_PAIN = "back_pain"
    COUGH_SNEEZE_PAIN = "cough_sneeze_pain"
    SITTING_PAIN = "sitting_pain"
    ACCELERATION_PAIN = "acceleration_pain"
    HILL_LUNGE_PAIN = "hill_lunge_pain"
    EASES_WITH_WARMUP = "eases_with_warmup"
    MORNING_STIFFNESS = "morning_stiffness"
    SIT_BONE_TENDER = "sit_bone_tender"
    RESISTED_BEND_PAIN = "resisted_bend_pain"
    STRETCH_PAIN = "stretch_pain"
    CONSTANT_PAIN = "constant_pain"
    LONG_STRIDE_PAIN = "long_stride_pain"
    HIP_SNAPPING = "hip_snapping"
    EXERTIONAL_CRAMP_RELIEF = "exertional_cramp_relief"
    HOP_PAIN = "hop_pain"
    CYCLICAL_PAIN = "cyclical_pain"
    SLEEP_OR_DAILY_IMPACT = "sleep_or_daily_impact"
    CALF_PAIN = "calf_pain"
    BUTTOCK_SWELLING = "buttock_swelling"
    WALKING_DIFFICULTY = "walking_difficulty"
    PAIN_SEVERITY = "pain_severity"
    # Examination, entered by a clinician.
    PURANEN_ORAVA_TEST = "puranen_orava_test"
    BENT_KNEE_STRETCH_TEST = "bent_knee_stretch_test"
    MODIFIED_BENT_KNEE_STRETCH_TEST = "modified_bent_knee_stretch_test"
    STRAIGHT_LEG_RAISE_TEST = "straight_leg_raise_test"
    SLUMP_TEST = "slump_test"
    CROSSED_STRAIGHT_LEG_RAISE_TEST = "crossed_straight_leg_raise_test"
    NEURO_DEFICIT = "neuro_deficit"
    HAMSTRING_GAP_OR_WEAKNESS = "hamstring_gap_or_weakness"
    PIRIFORMIS_TESTS = "piriformis_tests"


@dataclass(frozen=True, slots=True)
class Question:
    """One question: its id, group, kind and, for numbers, the accepted range."""

    id: Q
    group: Group
    kind: Kind = Kind.YES_NO
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None
    not_for_sexes: frozenset[str] = frozenset()
    """The sexes of whom it is never asked (contract §6): it cannot apply to them."""

    def applies_to(self, sex: str | None) -> bool:
        """Whether the question can apply to a person of this sex (None: not known, so it can)."""
        return sex not in self.not_for_sexes

    def accepts_number(self, value: float) -> bool:
        """Whether a number lies within this question's range."""
        assert self.minimum is not None
        assert self.maximum is not None
        return self.minimum <= value <= self.maximum


_RED_FLAG_END = Q.WORSE_WITH_REST
_HISTORY_END = Q.DURATION_WEEKS
_SYMPTOM_END = Q.PAIN_SEVERITY

_NUMBERS: dict[Q, tuple[float, float, str]] = {
    Q.DURATION_WEEKS: (0, 520, "weeks"),
    Q.PAIN_SEVERITY: (0, 10, "points from 0 (none) to 10 (worst imaginable)"),
}


_NOT_FOR_SEXES: dict[Q, frozenset[str]] = {
    # The menstrual cycle: asked of women, of "other" and when the sex is not known.
    Q.CYCLICAL_PAIN: frozenset({"male"}),
}


def _build_questions() -> dict[Q, Question]:
    questions: dict[Q, Question] = {}
    group = Group.RED_FLAG
    for qid in Q:
        not_for = _NOT_FOR_SEXES.get(qid, frozenset())
        if qid in _NUMBERS:
            low, high, unit = _NUMBERS[qid]
            questions[qid] = Question(qid, group, Kind.NUMBER, low, high, unit, not_for)
        else:
            questions[qid] = Question(qid, group, not_for_sexes=not_for)
        if qid is _RED_FLAG_END:
            group = Group.HISTORY
        elif qid is _HISTORY_END:
            group = Group.SYMPTOM
        elif qid is _SYMPTOM_END:
            group = Group.EXAMINATION
    return questions


QUESTIONS: dict[Q, Question] = _build_questions()
"""Every question, keyed by id, in questionnaire order."""

RED_FLAG_QUESTIONS: tuple[Q, ...] = tuple(q for q in Q if QUESTIONS[q].group is Group.RED_FLAG)
"""The red-flag screen, in the order the contract asks it."""

SEXES = ("female", "male", "other", "unknown")
AGE_RANGE = (0, 120)


QUESTION_IDS: tuple[str, ...] = tuple(q.value for q in QUESTIONS)
"""Every question id, as a string, in questionnaire order (the order of `Q` and `QUESTIONS`)."""

NEAREST_CUTOFF = 60.0
"""The least similarity (0 to 100) at which a question id is suggested for a mistyped one."""

# The similarity is 100 * 2 * M / (len(a) + len(b)), M (the longest common subsequence) at most
# len(b), so a name longer than this reaches the cutoff with no id: skipping it changes no
# suggestion and bounds the work per unknown key.
LONGEST_MATCHABLE = int(max(map(len, QUESTION_IDS)) * (200 - NEAREST_CUTOFF) / NEAREST_CUTOFF)


def nearest_question(name: str) -> str | None:
    """The valid question id closest to a mistyped one, if any is close enough."""
    if len(name) > LONGEST_MATCHABLE:
        return None
    match = process.extractOne(
        name.lower(), QUESTION_IDS, scorer=fuzz.ratio, score_cutoff=NEAREST_CUTOFF
    )
    return match[0] if match else None
