"""Likelihood arithmetic: counting one ratio a group, and counting in steps."""

from __future__ import annotations

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
