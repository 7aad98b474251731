"""One ranked list of every condition considered: tendinopathy and the differentials together.

A clinician reads the list top-down, so tendinopathy and the other conditions need one order.
Differentials carry a support (from the summed weight of their signs) and tendinopathy a likelihood
band; both use the words low, moderate and high, and the list is sorted on them:

1. by support, high before moderate before low (tendinopathy's band is its support);
2. within a support, by score: a differential's summed weight, and for tendinopathy the lowest
   score of its support (3 for high, 2 for moderate, 1 for low, `support.SUPPORT_LIMITS`);
3. on a tie, another condition before tendinopathy: it has reached the same standing on signs of
   its own, and a condition that mimics tendinopathy is the one to rule out first (a clinical
   estimate, in keeping with NHS Pathways' rule of exclusion, clinical facts §5);
4. then by condition id, so that the order never depends on the order rules fired.
"""

from __future__ import annotations

from rules.scale import Band, Condition, Support
from triage.assessment.support import SUPPORT_LIMITS
from triage.models import Contribution, Differential, Likelihood, RankedCondition

TENDINOPATHY = Condition.PROXIMAL_HAMSTRING_TENDINOPATHY

BAND_SUPPORT = {Band.HIGH: Support.HIGH, Band.MODERATE: Support.MODERATE, Band.LOW: Support.LOW}
"""Tendinopathy's likelihood band read as a support."""

_LOWEST_SCORE = {support: score for score, support in SUPPORT_LIMITS}
_SUPPORT_ORDER = {Support.HIGH: 3, Support.MODERATE: 2, Support.LOW: 1}


def _reason(contribution: Contribution) -> str:
    direction = "for" if contribution.likelihood_ratio > 1 else "against"
    return (
        f"{contribution.question.value} = {contribution.answer}: likelihood ratio "
        f"{contribution.likelihood_ratio:g} ({direction})"
    )


def tendinopathy_entry(likelihood: Likelihood) -> RankedCondition:
    """Tendinopathy as an entry of the list: its band as support, with the counted answers."""
    counted = [c for c in likelihood.contributions if c.counted]
    reasons = [_reason(c) for c in counted] or ["No answer moved the likelihood from its prior."]
    return RankedCondition(
        rank=1,
        condition=TENDINOPATHY,
        support=BAND_SUPPORT[likelihood.band],
        probability=likelihood.probability,
        reasons=reasons,
        rules=sorted({c.rule for c in counted}),
    )


def _entry(differential: Differential) -> RankedCondition:
    return RankedCondition(
        rank=1,
        condition=differential.condition,
        support=differential.support,
        score=differential.score,
        reasons=differential.reasons,
        rules=differential.rules,
    )


def _key(entry: RankedCondition) -> tuple[int, int, bool, str]:
    is_tendinopathy = entry.condition is TENDINOPATHY
    score = _LOWEST_SCORE[entry.support] if entry.score is None else entry.score
    return -_SUPPORT_ORDER[entry.support], -score, is_tendinopathy, entry.condition.value


def ranked(likelihood: Likelihood, differentials: list[Differential]) -> list[RankedCondition]:
    """Tendinopathy and every supported differential, in one order, numbered from 1."""
    entries = [tendinopathy_entry(likelihood)]
    entries += [_entry(d) for d in differentials if d.condition is not TENDINOPATHY]
    entries.sort(key=_key)
    return [entry.model_copy(update={"rank": n}) for n, entry in enumerate(entries, start=1)]
