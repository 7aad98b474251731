"""`triage.assessment.ranking`: one ranked list of every condition, tendinopathy included."""

from __future__ import annotations

from hypothesis import given, settings

from rules.scale import Band, Condition, Support
from triage import assess
from triage.assessment.ranking import ranked
from triage.devtools.testing import intakes
from triage.models import Differential, Likelihood

TENDINOPATHY = Condition.PROXIMAL_HAMSTRING_TENDINOPATHY


def _likelihood(probability: float, band: Band) -> Likelihood:
    return Likelihood(probability=probability, band=band, prior=0.3)


def _differential(condition: Condition, score: int, support: Support) -> Differential:
    return Differential(
        condition=condition, support=support, score=score, reasons=["r"], rules=["rule"]
    )


def test_tendinopathy_is_listed_with_its_probability_even_when_nothing_else_is() -> None:
    (only,) = ranked(_likelihood(0.3, Band.MODERATE), [])
    assert only.condition is TENDINOPATHY
    assert (only.rank, only.support, only.probability) == (1, Support.MODERATE, 0.3)


def test_a_higher_support_ranks_first_whichever_kind_it_is() -> None:
    radiculopathy = _differential(Condition.LUMBAR_RADICULOPATHY, 2, Support.MODERATE)
    order = ranked(_likelihood(0.8, Band.HIGH), [radiculopathy])
    assert [c.condition for c in order] == [TENDINOPATHY, Condition.LUMBAR_RADICULOPATHY]
    order = ranked(_likelihood(0.1, Band.LOW), [radiculopathy])
    assert [c.condition for c in order] == [Condition.LUMBAR_RADICULOPATHY, TENDINOPATHY]
    assert [c.rank for c in order] == [1, 2]


def test_on_equal_standing_the_other_condition_comes_before_tendinopathy() -> None:
    malignancy = _differential(Condition.MALIGNANCY, 3, Support.HIGH)
    order = ranked(_likelihood(0.9, Band.HIGH), [malignancy])
    assert [c.condition for c in order] == [Condition.MALIGNANCY, TENDINOPATHY]


def test_within_a_support_a_higher_score_ranks_first_then_the_condition_id() -> None:
    infection = _differential(Condition.INFECTION, 6, Support.HIGH)
    fracture = _differential(Condition.FRACTURE, 3, Support.HIGH)
    avulsion = _differential(Condition.HAMSTRING_AVULSION, 3, Support.HIGH)
    order = ranked(_likelihood(0.9, Band.HIGH), [fracture, avulsion, infection])
    assert [c.condition for c in order] == [
        Condition.INFECTION,
        Condition.FRACTURE,
        Condition.HAMSTRING_AVULSION,
        TENDINOPATHY,
    ]


def test_an_assessment_lists_tendinopathy_and_every_differential_with_their_reasons() -> None:
    assessment = assess(
        {"age": 40, "answers": {"sit_bone_pain": "yes", "calf_pain": "yes", "night_pain": "yes"}}
    )
    names = [c.condition for c in assessment.conditions]
    assert names[0] is Condition.MALIGNANCY
    assert set(names) == {TENDINOPATHY} | {d.condition for d in assessment.differentials}
    tendinopathy = next(c for c in assessment.conditions if c.condition is TENDINOPATHY)
    assert tendinopathy.probability == assessment.likelihood.probability
    assert any("sit_bone_pain" in reason for reason in tendinopathy.reasons)
    assert all(c.reasons and c.rules for c in assessment.conditions)


@settings(max_examples=60, deadline=None)
@given(intakes())
def test_every_assessment_ranks_each_condition_once_numbered_from_one(intake: object) -> None:
    conditions = assess(intake).conditions  # type: ignore[arg-type]
    assert [c.rank for c in conditions] == list(range(1, len(conditions) + 1))
    names = [c.condition for c in conditions]
    assert TENDINOPATHY in names and len(set(names)) == len(names)


def test_a_red_flag_alone_puts_its_condition_first_and_tendinopathy_below_its_prior() -> None:
    conditions = assess({"answers": {"fever_or_unwell": "yes"}}).conditions
    assert conditions[0].condition is Condition.INFECTION
    (tendinopathy,) = [c for c in conditions if c.condition is TENDINOPATHY]
    assert tendinopathy.probability is not None and tendinopathy.probability < 0.3
    assert tendinopathy.support is Support.LOW


def test_with_nothing_known_tendinopathy_at_its_prior_ranks_above_a_single_weak_sign() -> None:
    conditions = assess({"answers": {"low_energy_or_amenorrhoea": "yes"}}).conditions
    assert [(c.condition, c.support) for c in conditions] == [
        (TENDINOPATHY, Support.MODERATE),
        (Condition.STRESS_FRACTURE, Support.LOW),
    ]
