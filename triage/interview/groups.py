"""Grouped questions (contract §6): one turn asks several items that a person answers together.

A group is asked as "Do you have any of these?": each item keeps its own id and field, and "none of
these" is no to each. The warning-sign screen comes in four groups, by what the signs have in
common (nerves, clots, injury and bone, general health), in the order of their first sign in the
contract's screen; the other items in groups a person answers together. Every item is in exactly
one group. Which items of a group are asked in one turn is the interview's choice: the ones not yet
asked that apply to this person (`triage.interview.next_question`).

The words of each group live in `triage/locale/groups.<lang>.json`, keyed by the group's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rules.vocabulary import RED_FLAG_QUESTIONS, Q
from triage.interview.questionnaire import Item, item_by_id, items
from triage.texts import group_texts

GROUP_KIND = "group"
"""The `kind` of a question that holds several items."""

REPEAT_GROUP = "warning_signs_again"
"""The group of warning-sign questions asked a second time after an "I don't know"."""


@dataclass(frozen=True, slots=True)
class Grouping:
    """One group of the questionnaire: its id and its items' ids, in the order they are shown."""

    id: str
    members: tuple[str, ...]

    @property
    def is_screen(self) -> bool:
        """Whether it is a group of the warning-sign screen."""
        return all(m in _SCREEN for m in self.members)


_SCREEN = frozenset(q.value for q in RED_FLAG_QUESTIONS)


def _ids(*questions: Q | str) -> tuple[str, ...]:
    return tuple(str(q) for q in questions)


GROUPINGS: tuple[Grouping, ...] = (
    Grouping(
        "nerve_warning_signs",
        _ids(
            Q.SADDLE_NUMBNESS,
            Q.BLADDER_BOWEL_CHANGE,
            Q.BOTH_LEGS_SYMPTOMS,
            Q.LEG_WEAKNESS_WORSENING,
        ),
    ),
    Grouping("clot_warning_signs", _ids(Q.BREATHLESS_OR_CHEST_PAIN, Q.CALF_THIGH_SWELLING)),
    Grouping(
        "general_health_warning_signs",
        _ids(
            Q.FEVER_OR_UNWELL,
            Q.INFECTION_RISK,
            Q.CANCER_HISTORY,
            Q.WEIGHT_LOSS,
            Q.NIGHT_PAIN,
            Q.PALPABLE_MASS,
            Q.WORSE_WITH_REST,
        ),
    ),
    Grouping("injury_warning_signs", _ids(Q.CANNOT_BEAR_WEIGHT, Q.MAJOR_TRAUMA, Q.OSTEOPOROSIS)),
    Grouping("about_you", _ids("age", "sex")),
    Grouping("how_it_started", _ids(Q.SUDDEN_ONSET, Q.FELT_POP, Q.THIGH_BRUISING, Q.LONG_LIE)),
    Grouping(
        "activity",
        _ids(
            Q.TRAINING_INCREASE,
            Q.RUNS_OR_SPRINT_SPORT,
            Q.PREVIOUS_HAMSTRING_INJURY,
            Q.HIP_SURGERY,
            Q.LOW_ENERGY_OR_AMENORRHOEA,
        ),
    ),
    Grouping(
        "where_and_what",
        _ids(
            Q.SIT_BONE_PAIN,
            Q.THIGH_RADIATION,
            Q.BELOW_KNEE_PAIN,
            Q.CALF_PAIN,
            Q.BUTTOCK_SWELLING,
            Q.BACK_PAIN,
            Q.LEG_TINGLING,
            Q.COUGH_SNEEZE_PAIN,
        ),
    ),
    Grouping(
        "what_brings_it_on",
        _ids(
            Q.SITTING_PAIN,
            Q.ACCELERATION_PAIN,
            Q.HILL_LUNGE_PAIN,
            Q.STRETCH_PAIN,
            Q.LONG_STRIDE_PAIN,
            Q.HOP_PAIN,
            Q.RESISTED_BEND_PAIN,
            Q.SIT_BONE_TENDER,
            Q.EXERTIONAL_CRAMP_RELIEF,
        ),
    ),
    Grouping(
        "how_it_behaves",
        _ids(
            Q.EASES_WITH_WARMUP,
            Q.MORNING_STIFFNESS,
            Q.CONSTANT_PAIN,
            Q.SLEEP_OR_DAILY_IMPACT,
            Q.WALKING_DIFFICULTY,
            Q.HIP_SNAPPING,
            Q.CYCLICAL_PAIN,
        ),
    ),
    Grouping("how_long_how_bad", _ids(Q.DURATION_WEEKS, Q.PAIN_SEVERITY)),
    Grouping(
        "examination",
        _ids(
            Q.PURANEN_ORAVA_TEST,
            Q.BENT_KNEE_STRETCH_TEST,
            Q.MODIFIED_BENT_KNEE_STRETCH_TEST,
            Q.STRAIGHT_LEG_RAISE_TEST,
            Q.SLUMP_TEST,
            Q.CROSSED_STRAIGHT_LEG_RAISE_TEST,
            Q.NEURO_DEFICIT,
            Q.HAMSTRING_GAP_OR_WEAKNESS,
            Q.PIRIFORMIS_TESTS,
        ),
    ),
)
"""Every group, in the order a form shows them; the first four are the warning-sign screen."""


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """Several items asked in one turn, with the group's own text and why.

    `repeat` is True for warning-sign questions asked a second time: each item's `field` then
    points into `second_answers`.
    """

    id: str
    text: str
    why: str
    items: tuple[Item, ...]
    repeat: bool = False

    kind = GROUP_KIND


@cache
def grouping_of() -> dict[str, Grouping]:
    """The group of each item id."""
    found = {member: grouping for grouping in GROUPINGS for member in grouping.members}
    missing = [item.id for item in items() if item.id not in found]
    if missing or len(found) != sum(len(g.members) for g in GROUPINGS):
        raise LookupError(f"every item must be in exactly one group; not grouped: {missing}")
    return found


def question_group(
    group_id: str, members: tuple[Item, ...], *, repeat: bool = False
) -> QuestionGroup:
    """A group asking these items, in the words of the group `group_id`."""
    text = group_texts()[group_id]
    return QuestionGroup(group_id, text.text, text.why, members, repeat)


def screen_groupings() -> tuple[Grouping, ...]:
    """The groups of the warning-sign screen, in the order they are asked."""
    return tuple(g for g in GROUPINGS if g.is_screen)


def members_of(grouping: Grouping) -> tuple[Item, ...]:
    """The items of a group, as the questionnaire presents them."""
    by_id = item_by_id()
    return tuple(by_id[m] for m in grouping.members)
