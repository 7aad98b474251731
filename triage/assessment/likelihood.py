"""Likelihood arithmetic: a prior moved by likelihood ratios, one per group of related findings."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rules.ages import is_child
from rules.competing import CHILD_PRIOR_RATIO
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

TYPICAL_GROUPS = 4
"""How many groups of findings a typical intake counts: a clinical estimate (see `SHRINKAGE`)."""

RESIDUAL_CORRELATION = 0.2
"""The correlation left between groups once each counts only its strongest finding: an estimate."""

SHRINKAGE = 1 / (1 + (TYPICAL_GROUPS - 1) * RESIDUAL_CORRELATION)
"""The factor (0.625) applied to the summed log likelihood ratios before they move the prior.

Fixed before the vignettes were measured, never fitted to them. Multiplying likelihood ratios
treats findings as independent, which pushes probabilities towards 0 and 1 when they are
correlated (Russek 1983); within a group only the strongest finding counts, and this factor
corrects for what is left between groups. It is the design effect of m equally correlated
findings, 1 / (1 + (m - 1) rho): 1 when they are independent, 1/m when they all say the same
thing. With m = 4 groups counted in a typical intake and a residual correlation rho = 0.2 (both
clinical estimates: location, sitting, stretch and running load all describe one loaded tendon),
the summed evidence counts 0.625 of its face value. A single shared factor keeps the order of
every two intakes (so the AUC) and keeps the likelihood monotone: a supporting answer never
lowers it. Spiegelhalter & Knill-Jones (1984) shrank summed weights of evidence in the same way.
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


def starting_prior(prior: float, age: int | None) -> float:
    """The prior an assessment starts from: the one given, its odds lowered under 18 (§9.11).

    Age does not change as answers come in, so it moves the starting point rather than counting
    as an answer. The assessment reports this prior, unrounded, and the interview's look-ahead
    starts from it, so the two never part.
    """
    if age is None or not is_child(age) or prior <= 0 or prior >= 1:
        return prior
    odds = prior / (1 - prior) * CHILD_PRIOR_RATIO
    return odds / (1 + odds)


def posterior(prior: float, ratios: Iterable[Ratio]) -> float:
    """The probability after applying the counted ratios to the prior's odds."""
    return posterior_of_counted(prior, counted(ratios))


def posterior_of_counted(prior: float, counted: Iterable[Ratio]) -> float:
    """The probability after applying ratios already counted (one a group) to the prior's odds.

    The summed log ratios are shrunk by `SHRINKAGE` before they move the prior's log odds.
    """
    if prior <= 0 or prior >= 1:
        return prior
    log_odds = math.log(prior / (1 - prior))
    # fsum is exactly rounded, so the result does not depend on the ratios' order, which
    # follows string hashing when they come from a set, and so differs between processes.
    log_odds += SHRINKAGE * math.fsum(math.log(ratio.likelihood_ratio) for ratio in counted)
    return 1 / (1 + math.exp(-log_odds))


BAND_WORDS = {Band.LOW: "unlikely", Band.MODERATE: "possible", Band.HIGH: "likely"}
"""Each band in the words a person reads."""


def statement(probability: float) -> str:
    """The likelihood as a person reads it: the band in words first, the figure as an estimate."""
    return (
        f"Proximal hamstring tendinopathy is {BAND_WORDS[band(probability)]} "
        f"({band(probability).value} band). The figure of about {probability:.0%} is an estimate "
        "built from published test accuracy and clinical judgement, not a measured rate: "
        "read the band, not the exact number."
    )


def band(probability: float) -> Band:
    """The band a probability falls in."""
    low, high = BAND_LIMITS
    if probability < low:
        return Band.LOW
    return Band.HIGH if probability >= high else Band.MODERATE
