"""Differential support: the signs declared for each condition, summed and banded."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from experta import Fact

from rules.scale import Condition, Support
from triage.models import Differential

SUPPORT_LIMITS = ((3, Support.HIGH), (2, Support.MODERATE), (1, Support.LOW))
"""Score to support: 3 or more is high, 2 moderate, 1 low; 0 or less is not listed.

A clinical estimate: a red flag or a specific test alone (weight 3) makes an alternative likely
enough to examine for; two typical features (2) make it worth considering.
"""


def support_for(score: int) -> Support | None:
    """The support a score gives, or None when the condition is not worth listing."""
    for limit, support in SUPPORT_LIMITS:
        if score >= limit:
            return support
    return None


def summarise(signs: Iterable[Fact]) -> list[Differential]:
    """The conditions with positive support, strongest first, with their reasons and rules."""
    scores: dict[Condition, int] = defaultdict(int)
    reasons: dict[Condition, list[str]] = defaultdict(list)
    rules: dict[Condition, list[str]] = defaultdict(list)
    for sign in signs:
        condition = Condition(sign["condition"])
        scores[condition] += int(sign["weight"])
        reasons[condition].append(str(sign["reason"]))
        rules[condition].append(str(sign["rule"]))
    found = []
    for condition, score in scores.items():
        support = support_for(score)
        if support is not None:
            found.append(
                Differential(
                    condition=condition,
                    support=support,
                    score=score,
                    reasons=sorted(set(reasons[condition])),
                    rules=sorted(set(rules[condition])),
                )
            )
    return sorted(found, key=lambda d: (-d.score, d.condition.value))
