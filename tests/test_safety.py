"""The contract's seven safety rules (§5), checked by hypothesis over generated intakes.

Each property uses the reusable checks of `triage.devtools.testing`; run more examples with
`HYPOTHESIS_PROFILE=thorough make test`.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.patterns import values_satisfying
from rules.red_flags import FLAGS
from rules.vocabulary import RED_FLAG_QUESTIONS, Q
from triage import assess
from triage.devtools import testing

RED_FLAG_ANSWERS: tuple[tuple[str, Any], ...] = tuple(
    sorted(
        {
            (key, value)
            for flag in FLAGS
            for key, constraint in flag.when.items()
            if key not in ("age", "sex")
            for value in values_satisfying(key, constraint)
        }
    )
)
"""Every single answer that is part of a red flag's conditions, inside the screen or not; a
condition on a number (the worst pain) gives each representative value that meets it."""


@given(testing.intakes())
def test_rule_1_a_red_flag_sets_a_floor_on_any_intake(intake: dict[str, Any]) -> None:
    testing.check_red_flag_floor(intake)


@pytest.mark.slow
@given(testing.intakes_with_red_flags())
def test_rule_1_a_red_flag_sets_a_floor_when_red_flags_are_present(intake: dict[str, Any]) -> None:
    assessment = assess(intake)
    assert assessment.red_flags
    testing.check_red_flag_floor(intake, assessment)


@pytest.mark.slow
@given(testing.intakes(), testing.red_flag_questions())
def test_rule_2_answering_a_screen_question_yes_never_lowers_the_level(
    intake: dict[str, Any], question: Q
) -> None:
    testing.check_adding_red_flag_never_less_urgent(intake, question)


@given(testing.intakes(), st.sampled_from(RED_FLAG_ANSWERS))
def test_rule_2_adding_any_red_flag_answer_never_lowers_the_level(
    intake: dict[str, Any], answer: tuple[str, Any]
) -> None:
    question, value = answer
    testing.check_adding_red_flag_never_less_urgent(intake, Q(question), value)


@given(testing.sparse_intakes())
def test_rule_3_the_interview_never_stops_before_the_screen_is_complete(
    intake: dict[str, Any],
) -> None:
    testing.check_interview_screens_red_flags(intake)


@given(testing.intakes())
def test_rule_4_unknown_is_never_read_as_no(intake: dict[str, Any]) -> None:
    testing.check_unknown_is_not_no(intake)


@given(testing.sparse_intakes())
def test_rule_4_an_unscreened_sparse_intake_is_never_self_care(intake: dict[str, Any]) -> None:
    testing.check_unknown_is_not_no(intake)


@given(testing.intakes(), st.integers(min_value=0, max_value=2**16))
def test_rule_5_the_same_answers_in_any_order_give_the_same_assessment(
    intake: dict[str, Any], seed: int
) -> None:
    testing.check_order_independent(intake, seed)


@given(testing.intakes(), testing.supporting_findings())
def test_rule_6_yes_to_a_supporting_finding_never_lowers_the_likelihood(
    intake: dict[str, Any], question: Q
) -> None:
    testing.check_likelihood_monotone(intake, question)


@given(testing.full_intakes())
def test_rule_6_the_likelihood_is_a_probability(intake: dict[str, Any]) -> None:
    probability = assess(intake).likelihood.probability
    assert 0 <= probability <= 1


@given(testing.intakes())
def test_rule_7_every_rule_that_fires_is_documented_and_catalogued(intake: dict[str, Any]) -> None:
    testing.check_rules_documented(assess(intake))


def test_the_red_flag_answers_cover_the_whole_screen() -> None:
    assert {Q(question) for question, _ in RED_FLAG_ANSWERS} >= set(RED_FLAG_QUESTIONS)
