"""Likelihood arithmetic: counting one ratio a group, and counting in steps."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from triage.assessment import likelihood
from triage.assessment.likelihood import Ratio

ratios = st.builds(
    Ratio,
    question=st.sampled_from(["q1", "q2", "q3", "q4"]),
    answer=st.sampled_from(["yes", "no"]),
    likelihood_ratio=st.floats(min_value=0.05, max_value=20),
    group=st.sampled_from(["a", "b", "c"]),
    rule=st.sampled_from(["r1", "r2", "r3"]),
)


@given(st.lists(ratios, max_size=8), st.lists(ratios, max_size=4))
def test_counting_in_steps_counts_as_counting_at_once(some: list[Ratio], more: list[Ratio]) -> None:
    in_steps = likelihood.strongest(more, likelihood.strongest(some))
    assert set(in_steps.values()) == likelihood.counted([*some, *more])
    assert likelihood.posterior_of_counted(0.3, in_steps.values()) == likelihood.posterior(
        0.3, [*some, *more]
    )


def test_the_strongest_ratio_of_a_group_counts_and_the_others_do_not() -> None:
    weak = Ratio("q1", "yes", 1.5, "a", "r1")
    strong = Ratio("q2", "yes", 0.2, "a", "r2")  # log 0.2 is further from 0 than log 1.5
    other = Ratio("q3", "no", 2.0, "b", "r3")
    assert likelihood.counted([weak, strong, other]) == {strong, other}
    assert likelihood.strongest([weak], likelihood.strongest([strong])) == {"a": strong}


def test_the_summed_log_ratios_are_shrunk_by_the_fixed_factor_before_moving_the_prior() -> None:
    ratios = [Ratio("q1", "yes", 3.0, "a", "r1"), Ratio("q2", "yes", 2.0, "b", "r2")]
    log_odds = math.log(0.3 / 0.7) + likelihood.SHRINKAGE * math.log(6.0)
    assert likelihood.posterior(0.3, ratios) == 1 / (1 + math.exp(-log_odds))
    assert likelihood.SHRINKAGE == 1 / (1 + 3 * 0.2)


@given(st.lists(ratios, max_size=6), ratios)
def test_a_ratio_above_one_in_a_new_group_never_lowers_the_probability(
    some: list[Ratio], extra: Ratio
) -> None:
    groups = {ratio.group for ratio in some}
    new = Ratio(extra.question, "yes", max(extra.likelihood_ratio, 1.0), "new", extra.rule)
    assert new.group not in groups
    assert likelihood.posterior(0.3, [*some, new]) >= likelihood.posterior(0.3, some)


def test_the_statement_gives_the_band_in_words_and_calls_the_figure_an_estimate() -> None:
    text = likelihood.statement(0.81)
    assert text.startswith("Proximal hamstring tendinopathy is likely (high band).")
    assert "about 81%" in text and "estimate" in text
    assert "unlikely (low band)" in likelihood.statement(0.1)
    assert "possible (moderate band)" in likelihood.statement(0.5)


def test_under_18_the_odds_of_the_prior_are_halved() -> None:
    # 0.3 is odds 3/7; halved, 3/14, a probability of 3/17.
    assert math.isclose(likelihood.starting_prior(0.3, 15), 3 / 17)
    assert math.isclose(likelihood.starting_prior(0.3, 17), 3 / 17)


@given(
    st.floats(min_value=1e-9, max_value=1 - 1e-9),
    st.one_of(st.none(), st.integers(min_value=0, max_value=120)),
)
def test_the_starting_prior_is_the_prior_given_from_18_and_lower_before(
    prior: float, age: int | None
) -> None:
    start = likelihood.starting_prior(prior, age)
    if age is None or age >= 18:
        assert start == prior
    else:
        assert 0 < start < prior
