"""Clinical scenarios: each named case reaches the level, band, red flags and advice a clinician expects."""

from __future__ import annotations

import pytest

from tests.scenarios import Scenario, load_scenarios
from triage import assess
from triage.models import Assessment

SCENARIOS = load_scenarios()

REQUIRED = {
    "typical_runner",
    "sparse_intake",
    "acute_adult_avulsion",
    "adolescent_avulsion",
    "lumbar_radiculopathy",
    "cauda_equina",
    "infection",
    "thrombosis_with_breathlessness",
    "tumour",
    "vascular_claudication",
    "mild_recent_overload",
}


def test_every_required_clinical_scenario_is_present() -> None:
    assert {scenario.name for scenario in SCENARIOS} >= REQUIRED


@pytest.fixture(params=SCENARIOS, ids=[scenario.name for scenario in SCENARIOS])
def case(request: pytest.FixtureRequest) -> tuple[Scenario, Assessment]:
    scenario: Scenario = request.param
    return scenario, assess(scenario.intake)


def test_scenario_reaches_the_expected_triage_level(case: tuple[Scenario, Assessment]) -> None:
    scenario, assessment = case
    assert assessment.triage.level.value == scenario.expect["level"]


BANDED = [scenario for scenario in SCENARIOS if "band" in scenario.expect]


@pytest.mark.parametrize("scenario", BANDED, ids=[scenario.name for scenario in BANDED])
def test_scenario_reaches_the_expected_likelihood_band(scenario: Scenario) -> None:
    assert assess(scenario.intake).likelihood.band.value == scenario.expect["band"]


def test_scenario_finds_exactly_or_at_least_the_expected_red_flags(
    case: tuple[Scenario, Assessment],
) -> None:
    scenario, assessment = case
    found = {flag.id for flag in assessment.red_flags}
    if "red_flags" in scenario.expect:
        assert found == set(scenario.expect["red_flags"])
    assert set(scenario.expect.get("red_flags_include", [])) <= found


def test_scenario_lists_the_expected_differentials(case: tuple[Scenario, Assessment]) -> None:
    scenario, assessment = case
    listed = {d.condition.value for d in assessment.differentials}
    assert set(scenario.expect.get("differentials_include", [])) <= listed


def test_scenario_gives_and_withholds_the_expected_advice(
    case: tuple[Scenario, Assessment],
) -> None:
    scenario, assessment = case
    given = {item.id for item in assessment.advice}
    assert set(scenario.expect.get("advice_include", [])) <= given
    assert not set(scenario.expect.get("advice_exclude", [])) & given


def test_scenario_reports_whether_the_red_flag_screen_is_complete(
    case: tuple[Scenario, Assessment],
) -> None:
    scenario, assessment = case
    expected = scenario.expect.get("screen_complete", True)
    assert assessment.red_flag_screen.complete is expected


def test_emergency_scenarios_carry_no_exercise_advice() -> None:
    exercise_stages = {"settle_pain", "glute_work", "hamstring_strengthening", "return_to_running"}
    for scenario in SCENARIOS:
        assessment = assess(scenario.intake)
        if assessment.triage.level.is_emergency():
            assert not {item.stage for item in assessment.advice} & exercise_stages, scenario.name


def test_every_assessment_says_who_to_see_and_how_soon() -> None:
    for scenario in SCENARIOS:
        triage = assess(scenario.intake).triage
        assert triage.see and triage.within and triage.reasons, scenario.name


def test_scenario_gives_the_expected_reasons(case: tuple[Scenario, Assessment]) -> None:
    scenario, assessment = case
    assert set(scenario.expect.get("reasons_include", [])) <= set(assessment.triage.reasons)


def test_a_child_starts_from_a_lower_prior_and_the_assessment_reports_it() -> None:
    answers = {"sit_bone_pain": "yes", "sitting_pain": "yes"}
    child = assess({"age": 15, "answers": answers}).likelihood
    adult = assess({"age": 30, "answers": answers}).likelihood
    assert adult.prior == 0.3
    assert child.prior < adult.prior
    assert child.probability < adult.probability
    assert [c.likelihood_ratio for c in child.contributions] == [
        c.likelihood_ratio for c in adult.contributions
    ]
