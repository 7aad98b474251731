"""`triage.devtools.accuracy`: top-k, the bootstrap interval and calibration on numbers worked by hand."""

from __future__ import annotations

import math

import pytest

from triage.devtools.accuracy import (
    ENOUGH_CASES,
    Named,
    bootstrap_interval,
    calibration,
    diagnosis_accuracy,
)
from triage.devtools.validate import brier


def test_top_one_and_top_three_count_where_the_final_diagnosis_was_ranked() -> None:
    cases = [
        Named("a", "infection", ("infection", "fracture")),
        Named("b", "infection", ("fracture", "malignancy", "infection")),
        Named("c", "malignancy", ("fracture", "infection", "x", "malignancy")),
        Named("d", "other", ("fracture",)),
    ]
    found = diagnosis_accuracy(cases, other="other")
    assert (found["n"], found["top1"], found["top3"], found["other_left_out"]) == (3, 1, 2, 1)
    assert found["top3_share"] == pytest.approx(2 / 3)
    assert found["by_condition"]["infection"] == {
        "n": 2,
        "top1": 1,
        "top1_share": 0.5,
        "top3": 2,
        "top3_share": 1.0,
    }
    assert [(m["id"], m["rank"]) for m in found["misses"]] == [("b", 3), ("c", 4)]
    assert found["misses"][1]["named"] == ("fracture", "infection", "x")


def test_every_known_condition_has_a_row_and_those_with_too_few_cases_are_listed() -> None:
    cases = [Named(str(i), "infection", ("infection",)) for i in range(ENOUGH_CASES)]
    cases += [Named("m", "malignancy", ("malignancy",)), Named("o", "other", ())]
    found = diagnosis_accuracy(cases, "other", ("infection", "malignancy", "fracture"))
    assert list(found["by_condition"]) == ["fracture", "infection", "malignancy"]
    assert found["by_condition"]["fracture"] == {
        "n": 0,
        "top1": 0,
        "top1_share": None,
        "top3": 0,
        "top3_share": None,
    }
    assert found["too_few"] == {"fracture": 0, "malignancy": 1}
    assert "other" not in found["by_condition"]


def test_a_final_diagnosis_never_named_has_no_rank() -> None:
    assert Named("a", "infection", ("fracture",)).rank is None


def test_the_bootstrap_interval_holds_the_estimate_and_repeats_exactly() -> None:
    scored = [(0.9, True), (0.2, False), (0.6, True), (0.4, False), (0.3, False), (0.7, True)]
    interval = bootstrap_interval(scored, brier)
    assert interval is not None
    low, high = interval
    assert low <= brier(scored) <= high  # type: ignore[operator]
    assert low < high
    assert bootstrap_interval(scored, brier) == interval
    assert bootstrap_interval([], brier) is None


def test_a_calibrated_model_has_intercept_zero_and_slope_one() -> None:
    # Outcomes in exactly the predicted proportions: 1 in 5 at 0.2, 4 in 5 at 0.8.
    scored = [(0.2, i < 1) for i in range(5)] + [(0.8, i < 4) for i in range(5)]
    found = calibration(scored)
    assert found["in_the_large"] == pytest.approx(0, abs=1e-8)
    assert found["slope"] == pytest.approx(1, abs=1e-8)


def test_too_extreme_probabilities_give_a_slope_below_one() -> None:
    # Outcomes at 0.2 and 0.8 predicted as 0.05 and 0.95: the logit is stretched by
    # logit(0.95)/logit(0.2)... so the fitted slope is logit(0.8)/logit(0.95).
    scored = [(0.05, i < 1) for i in range(5)] + [(0.95, i < 4) for i in range(5)]
    found = calibration(scored)
    assert found["slope"] == pytest.approx(math.log(4) / math.log(19), abs=1e-8)


def test_probabilities_too_high_on_average_give_a_negative_intercept() -> None:
    scored = [(0.5, i < 1) for i in range(4)]
    found = calibration(scored)
    # Observed 1 in 4 where 0.5 was predicted: the intercept is logit(0.25) - logit(0.5).
    assert found["in_the_large"] == pytest.approx(math.log(1 / 3), abs=1e-8)
    assert found["slope"] is None  # one predicted value: no slope can be fitted


def test_calibration_needs_both_outcomes() -> None:
    assert calibration([(0.4, True), (0.6, True)])["slope"] is None
