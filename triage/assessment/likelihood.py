"""Likelihood arithmetic: a prior moved by likelihood ratios, one per group of related findings."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rules.scale import Band

DEFAULT_PRIOR = 0.3
"""The default pretest probability of proximal hamstring tendinopathy (see the reasoning below)."""

DEFAULT_PRIOR_REASONING = """\
A clinical estimate: no prevalence has been published for any intake population (clinical facts §1.2,
Cushman & Rho 2015). In a posterior-hip-pain clinic 64% had a hamstring tear on MRI or injection
(Martin 2018), but people who use a self-triage tool for buttock pain are a broader group, so a lower
0.3 is used. Configure it per call with `assess(..., prior=...)` or for a deployment with the
`TRIAGE_PRIOR` environment variable, for example 0.5 for a sports-medicine clinic's intake.
"""

BAND_LIMITS = (0.3, 0.7)
"""Below 0.3 is low, from 0.7 high, moderate between: a clinical estimate of where advice changes."""


@dataclass(frozen=True, slots=True)
class Ratio:
    """One answer's likelihood ratio, its group and the rule that gave it."""

    question: str
    answer: str
    likelihood_ratio: float
    group: str
    rule: str


def ratio_of(evidence: Mapping[str, Any], rule: str | None = None) -> Ratio:
    """An `Evidence` fact as a ratio; `rule` names the rule when the fact is not stamped with it."""
    return Ratio(
        question=str(evidence["question"]),
        answer=str(evidence["answer"]),
        likelihood_ratio=float(evidence["likelihood_ratio"]),
        group=str(evidence["group"]),
        rule=str(evidence["rule"] if rule is None else rule),
    )


def strength(ratio: Ratio) -> tuple[float, float, str, str]:
    """How a ratio ranks within its group: most informative first, ties broken the same way always."""
    return abs(math.log(ratio.likelihood_ratio)), ratio.likelihood_ratio, ratio.question, ratio.rule


def strongest(
    ratios: Iterable[Ratio], among: Mapping[str, Ratio] | None = None
) -> dict[str, Ratio]:
    """The strongest ratio of each group, by group; with `among`, of those and these together.

    `strongest(more, strongest(some))` is `strongest([*some, *more])`, so a caller that tries
    many additions to the same ratios ranks the common ones once.
    """
    best = dict(among) if among else {}
    for ratio in ratios:
        current = best.get(ratio.group)
        if current is None or strength(ratio) > strength(current):
            best[ratio.group] = ratio
    return best


def counted(ratios: Iterable[Ratio]) -> set[Ratio]:
    """The ratio that counts in each group: the strongest, so that related findings count once."""
    return set(strongest(ratios).values())


def posterior(prior: float, ratios: Iterable[Ratio]) -> float:
    """The probability after applying the counted ratios to the prior's odds."""
    return posterior_of_counted(prior, counted(ratios))


def posterior_of_counted(prior: float, counted: Iterable[Ratio]) -> float:
    """The probability after applying ratios already counted (one a group) to the prior's odds."""
    if prior <= 0 or prior >= 1:
        return prior
    log_odds = math.log(prior / (1 - prior))
    # fsum is exactly rounded, so the result does not depend on the ratios' order, which
    # follows string hashing when they come from a set, and so differs between processes.
    log_odds += math.fsum(math.log(ratio.likelihood_ratio) for ratio in counted)
    return 1 / (1 + math.exp(-log_odds))


def band(probability: float) -> Band:
    """The band a probability falls in."""
    low, high = BAND_LIMITS
    if probability < low:
        return Band.LOW
    return Band.HIGH if probability >= high else Band.MODERATE
