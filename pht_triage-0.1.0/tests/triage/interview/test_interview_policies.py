"""The interview played to its end under every way of answering (contract §5, rule 3).

Each property plays the interview as a chatbot following its protocol would
(`triage.devtools.testing.play_interview`): every answer where the question's `field` says, a warning sign
asked again answered from the sheet's second answers. `check_interview_ends_safely` then checks
that it stopped within the limit, asked nothing a third time, asked every warning sign before a
stop that is not an emergency, and ended no less urgent than the full assessment of the sheet.
Example counts scale with the hypothesis profile (`HYPOTHESIS_PROFILE=thorough` for ten times more).
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from triage import assess
from triage.devtools import testing
from triage.devtools.witness import SCREEN_NO, assign, random_intake
from triage.interview.next_question import StopReason

_PROFILE_EXAMPLES = settings().max_examples


def examples(default: int) -> settings:
    """`default` examples under the default profile (100 a property), more under a larger one."""
    return settings(max_examples=max(1, default * _PROFILE_EXAMPLES // 100))


@examples(5)
@given(testing.all_unknown_sheets())
def test_a_person_who_knows_nothing_gets_an_interview_that_ends_incomplete_and_not_home_care(
    sheet: dict[str, Any],
) -> None:
    played = testing.check_interview_ends_safely(sheet)
    assert played.last.stop_reason is StopReason.SCREEN_INCOMPLETE
    assert len(played.asked) <= testing.INTERVIEW_STEP_LIMIT


@examples(15)
@given(testing.answer_sheets())
def test_random_answers_with_unknowns_give_an_interview_that_ends_safely(
    sheet: dict[str, Any],
) -> None:
    testing.check_interview_ends_safely(sheet)


@examples(15)
@given(testing.full_intakes(), st.booleans())
def test_answers_read_from_a_full_intake_give_an_interview_that_ends_safely(
    full: dict[str, Any], drop_person: bool
) -> None:
    sheet = {"answers": full["answers"]} if drop_person else full
    testing.check_interview_ends_safely(sheet)


@examples(30)
@given(testing.intakes())
def test_home_care_is_given_only_on_positive_evidence(intake: dict[str, Any]) -> None:
    testing.check_home_care_on_positive_evidence(intake)


@examples(30)
@given(testing.intakes_without_red_flags())
def test_home_care_is_given_only_on_positive_evidence_with_a_clear_screen(
    intake: dict[str, Any],
) -> None:
    testing.check_home_care_on_positive_evidence(intake)


GENERATED_INTAKES = 30
"""Generated full intakes in each population of the exact-level report (each a whole interview)."""


def _generated(seed: int, *, clear: bool) -> dict[str, Any]:
    """A seeded full intake (every question answered); with `clear`, no red flag and the screen no."""
    intake = random_intake(random.Random(seed), answered=1.0)
    return testing.without_red_flags(assign(intake, SCREEN_NO)) if clear else intake


def test_on_generated_full_intakes_the_interview_mostly_reaches_the_full_forms_level() -> None:
    """Reports (with -s) the share reaching exactly the full form's level and the mean questions."""
    for clear, floor in ((False, 0.9), (True, 0.9)):
        played = []
        for seed in range(GENERATED_INTAKES):
            full = _generated(seed, clear=clear)
            conversation = testing.check_interview_ends_safely(full)
            played.append((conversation, assess(full).triage.level))
        exact = sum(c.last.triage.level is level for c, level in played) / len(played)
        mean = sum(len(c.asked) for c, _ in played) / len(played)
        print(
            f"\ninterview on {len(played)} generated full intakes"
            f"{' without red flags' if clear else ''}: exact level {exact:.0%}, "
            f"mean {mean:.1f} questions (full form {testing.INTERVIEW_STEP_LIMIT - 16} items)"
        )
        assert exact >= floor
        assert mean < testing.INTERVIEW_STEP_LIMIT
