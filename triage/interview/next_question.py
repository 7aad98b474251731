"""The interview: which item a chatbot asks next, and when it stops (contract §5, rule 3).

It is stateless: each call gets every answer so far. The red-flag screen comes first, in the
contract's order, and an emergency stops the interview at once. After the screen, an item is worth
asking when its answer could change the triage level (alone or with the other open answers) or the
likelihood band (alone); the most impactful is asked first, level before band and questions a person
can answer before examination findings, and the interview stops when no remaining item could.

An item counts as asked once it is in the intake, even as `"unknown"` (or `null`): the assessment
reads that as unknown, exactly as if it were left out, but the interview does not ask it again,
with one exception: a red-flag question left unknown keeps the screen incomplete, so once nothing
else is worth asking the interview asks it again rather than stop (contract §5, rule 3); the
assessment returned at every step already allows for it.

Only the current intake goes through the engine. What the other answers would do comes from a table
built once from the rule catalogue (`triage.interview.foresight`): a level change is a rule that can still
fire and sets a more urgent floor; a band change is likelihood arithmetic (`triage.assessment.likelihood`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rules.vocabulary import RED_FLAG_QUESTIONS
from triage.assessment.pipeline import assess
from triage.interview.foresight import LEVEL_TIER, Outlook, outlook
from triage.interview.questionnaire import Item, item_by_id, items
from triage.models import Assessment, Intake, RedFlagFound, TriageResult, parse_intake


class StopReason(StrEnum):
    """Why the interview stops."""

    EMERGENCY = "emergency"
    SETTLED = "settled"


@dataclass(frozen=True, slots=True)
class InterviewStep:
    """The next item to ask (or None), whether to stop, why, and the result so far.

    On an emergency `assessment` is None: the result is the triage alone (level, who to see, how
    soon, and the red flags behind it), so that nothing distracts from getting help now.
    """

    question: Item | None
    should_stop: bool
    stop_reason: StopReason | None
    reason: str
    asked: tuple[str, ...]
    triage: TriageResult
    red_flags: tuple[RedFlagFound, ...]
    assessment: Assessment | None


def next_step(intake: Intake | Mapping[str, Any], *, prior: float | None = None) -> InterviewStep:
    """The next step of an interview, given every answer so far; raises IntakeError on bad input."""
    parsed = parse_intake(intake)
    assessment = assess(parsed, prior=prior)
    asked = asked_items(parsed)
    level = assessment.triage.level
    if level.is_emergency():
        return _emergency_step(parsed, asked, assessment)
    for question in RED_FLAG_QUESTIONS:
        if question.value not in asked:
            return _step(
                assessment,
                asked,
                item_by_id()[question.value],
                "Warning-sign screen: every warning-sign question is asked first.",
            )
    view = outlook(parsed, asked, assessment)
    best = _most_impactful(view)
    if best is not None:
        return _step(assessment, asked, item_by_id()[best], view.reasons[best])
    unanswered = assessment.red_flag_screen.unanswered
    if unanswered:
        return _step(
            assessment,
            asked,
            item_by_id()[unanswered[0].value],
            "This warning-sign question is still unanswered: the interview cannot end until "
            "every warning-sign question is answered yes or no. If it cannot be answered, end "
            "here and follow the advice given, which allows for it.",
        )
    return _step(
        assessment,
        asked,
        None,
        "No remaining question could change the triage level or the likelihood band.",
        StopReason.SETTLED,
    )


def next_question(intake: Intake | Mapping[str, Any]) -> str | None:
    """The id of the next item to ask, or None when the interview stops."""
    step = next_step(intake)
    return step.question.id if step.question is not None else None


def asked_items(intake: Intake) -> frozenset[str]:
    """The items present in an intake, answered or sent as unknown."""
    present = set(intake.answers.model_fields_set)
    present.update(name for name in ("age", "sex") if name in intake.model_fields_set)
    return frozenset(present)


def _emergency_step(intake: Intake, asked: frozenset[str], assessment: Assessment) -> InterviewStep:
    """Stop at once, unless one answer alone could turn the emergency into a call for an ambulance.

    The most urgent level decides whether the person may travel to hospital themselves, so a
    question that settles it by itself (a swollen leg after chest pain) is still asked.
    """
    level = assessment.triage.level
    view = outlook(intake, asked, assessment)
    best = _most_impactful(view, tier=LEVEL_TIER, needs=1)
    if best is None:
        return _step(
            assessment,
            asked,
            None,
            f"An emergency was found ({level.value}): stop and get help now.",
            StopReason.EMERGENCY,
        )
    return _step(
        assessment,
        asked,
        item_by_id()[best],
        f"An emergency was found ({level.value}); this question decides whether to call an "
        "ambulance. Do not wait for the answer to act on the advice.",
    )


def _most_impactful(view: Outlook, tier: int | None = None, needs: int | None = None) -> str | None:
    order = {item.id: item.order for item in items()}
    found = [
        item
        for item, rank in view.impact.items()
        if (tier is None or rank[0] == tier) and (needs is None or rank[3] == needs)
    ]
    if not found:
        return None
    return min(found, key=lambda item_id: (view.impact[item_id], order[item_id]))


def _step(
    assessment: Assessment,
    asked: frozenset[str],
    question: Item | None,
    reason: str,
    stop: StopReason | None = None,
) -> InterviewStep:
    emergency = assessment.triage.level.is_emergency()
    return InterviewStep(
        question=question,
        should_stop=question is None,
        stop_reason=stop,
        reason=reason,
        asked=tuple(item.id for item in items() if item.id in asked),
        triage=assessment.triage,
        red_flags=tuple(assessment.red_flags),
        assessment=None if emergency else assessment,
    )
