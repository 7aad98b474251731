"""Foresight: what the items not yet asked could still do to the triage level and the likelihood band.

With the table of effects (`triage.interview.effects`: what each rule reading only the answers
needs and declares), the effect of an answer needs no engine run:

- a rule that can still fire (no condition contradicted, some still open) and sets a floor more
  urgent than the current level could raise the level; every item it still needs is worth asking;
- when nothing but the stage-two summary holds the level (no red flag, no concern from the answers,
  a complete screen), a differential crossing moderate support, or the likelihood crossing into or
  out of the low band, could change it (see `rules/levels.py`). Both are judged over all the open
  answers together (the highest and lowest reachable score and probability), so an interview that
  stops never gives a lower level than the full form would for want of two answers combined;
- an answer's likelihood ratios give the new probability through `triage.assessment.likelihood`, so a band
  change is arithmetic; outside the level, a band change is judged one answer at a time.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rules.patterns import candidate_values, satisfies
from rules.scale import Band, Condition, Support
from rules.vocabulary import Group
from triage.assessment import likelihood
from triage.assessment.support import SUPPORT_LIMITS
from triage.interview.effects import Effect, effects, effects_by_item
from triage.interview.questionnaire import item_by_id
from triage.models import Assessment, Intake

Rank = tuple[int, bool, float, int]
"""How an item ranks, lower first: its tier; examination last (a chatbot's user can rarely answer it);
minus its impact; how many items its rule still needs."""

LEVEL_TIER, STAGE_TWO_TIER, BAND_TIER = 0, 1, 2


@dataclass(slots=True)
class Outlook:
    """The items that could change the level or the band, each with its rank and the reason."""

    impact: dict[str, Rank] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)

    def offer(self, item: str, tier: int, impact: float, needs: int, reason: str) -> None:
        """Record an item as worth asking, keeping its best rank."""
        examination = item_by_id()[item].group == Group.EXAMINATION.value
        rank = (tier, examination, -impact, needs)
        if item not in self.impact or rank < self.impact[item]:
            self.impact[item] = rank
            self.reasons[item] = reason

    def offer_all(
        self, tier: int, options: Iterable[tuple[float, tuple[str, ...]]], reason: str
    ) -> None:
        """Offer every item of some rules, each rule with its signed impact and the items it needs."""
        for impact, needed in options:
            for item in needed:
                self.offer(item, tier, abs(impact), len(needed), reason)


def outlook(intake: Intake, asked: frozenset[str], assessment: Assessment) -> Outlook:
    """Which items not yet asked could change the level or the band, and how much."""
    values = known_values(intake)
    level = assessment.triage.level
    view = Outlook()
    fired: list[Effect] = []
    live: list[tuple[Effect, tuple[str, ...]]] = []
    for effect in effects():
        open_items = _open_items(effect, values, asked)
        if open_items == ():
            fired.append(effect)
        elif open_items is not None:
            live.append((effect, open_items))

    for effect, open_items in live:
        if effect.floor is not None and effect.floor.urgency > level.urgency:
            for item in open_items:
                view.offer(
                    item,
                    LEVEL_TIER,
                    effect.floor.urgency,
                    len(open_items),
                    f"It could raise the triage level to {effect.floor.value}.",
                )

    held = not assessment.red_flag_screen.complete or any(e.floor is not None for e in fired)
    if not held:
        _offer_differentials(view, fired, live)
        _offer_low_band_crossings(view, live, assessment)
    _offer_band_changes(view, values, asked, assessment, stage_two_open=not held)
    return view


def known_values(intake: Intake) -> dict[str, Any]:
    """The known answers keyed as the rules read them, with age and sex when known."""
    values: dict[str, Any] = {q.value: value for q, value in intake.known().items()}
    if intake.age is not None:
        values["age"] = intake.age
    if intake.sex is not None:
        values["sex"] = intake.sex
    return values


def _offer_differentials(
    view: Outlook, fired: Iterable[Effect], live: Iterable[tuple[Effect, tuple[str, ...]]]
) -> None:
    """Offer the items that, alone or together, could change whether a differential needs examining."""
    threshold = _examining_score()
    scores: dict[Condition, int] = defaultdict(int)
    for effect in fired:
        for condition, weight in effect.signs:
            scores[condition] += weight
    open_signs = [(c, w, items) for e, items in live for c, w in e.signs]
    examined = {c for c, score in scores.items() if score >= threshold}
    if examined:
        # The level drops only if every examined condition can fall below the threshold.
        lowest = {
            c: scores[c] + sum(w for c2, w, _ in open_signs if c2 == c and w < 0) for c in examined
        }
        if any(score >= threshold for score in lowest.values()):
            return
        useful = [(w, items) for c, w, items in open_signs if c in examined and w < 0]
    else:
        highest = defaultdict(int, scores)
        for condition, weight, _ in open_signs:
            highest[condition] += max(weight, 0)
        rising = {c for c, score in highest.items() if score >= threshold}
        useful = [(w, items) for c, w, items in open_signs if c in rising and w > 0]
    view.offer_all(
        STAGE_TWO_TIER,
        useful,
        "It could change whether another condition needs examining, and so the triage level.",
    )


@cache
def _examining_score() -> int:
    """The lowest differential score with moderate support, which calls for an examination."""
    rank = list(Support).index
    return min(
        limit for limit, support in SUPPORT_LIMITS if rank(support) >= rank(Support.MODERATE)
    )


def _offer_low_band_crossings(
    view: Outlook, live: Iterable[tuple[Effect, tuple[str, ...]]], assessment: Assessment
) -> None:
    """Offer the items that, alone or together, could move the likelihood into or out of `low`.

    Groups are independent: in each, the answers still open can only replace the counted ratio
    with a stronger one, so the lowest (or highest) reachable probability is a sum over groups.
    """
    prior = assessment.likelihood.prior
    ratios = _current_ratios(assessment)
    counted = {ratio.group: ratio for ratio in likelihood.counted(ratios)}
    falling = likelihood.band(likelihood.posterior(prior, ratios)) is not Band.LOW
    shifts: dict[str, list[tuple[float, tuple[str, ...]]]] = defaultdict(list)
    for effect, open_items in live:
        for ratio in effect.ratios:
            current = counted.get(ratio.group)
            if current is None or likelihood.strength(ratio) > likelihood.strength(current):
                base = math.log(current.likelihood_ratio) if current else 0.0
                shift = math.log(ratio.likelihood_ratio) - base
                if (shift < 0) == falling and shift != 0:
                    shifts[ratio.group].append((shift, open_items))
    extreme = _logit(likelihood.posterior(prior, ratios))
    for options in shifts.values():
        extreme += min(s for s, _ in options) if falling else max(s for s, _ in options)
    reachable = 1 / (1 + math.exp(-extreme))
    if (likelihood.band(reachable) is Band.LOW) != falling:
        return
    view.offer_all(
        STAGE_TWO_TIER,
        [option for options in shifts.values() for option in options],
        "It could move the likelihood of tendinopathy into or out of the low band, alone or "
        "with other answers, and so change the triage level.",
    )


def _current_ratios(assessment: Assessment) -> list[likelihood.Ratio]:
    return [
        likelihood.Ratio(c.question.value, c.answer, c.likelihood_ratio, c.group, c.rule)
        for c in assessment.likelihood.contributions
    ]


def _offer_band_changes(
    view: Outlook,
    values: dict[str, Any],
    asked: frozenset[str],
    assessment: Assessment,
    *,
    stage_two_open: bool,
) -> None:
    prior = assessment.likelihood.prior
    ratios = _current_ratios(assessment)
    current = likelihood.posterior(prior, ratios)
    band = likelihood.band(current)
    for item, item_effects in effects_by_item().items():
        if item in asked or not any(effect.ratios for effect in item_effects):
            continue
        largest, changes_level = 0.0, False
        for added in _ratios_per_answer(item, item_effects, values):
            probability = likelihood.posterior(prior, [*ratios, *added])
            new_band = likelihood.band(probability)
            if new_band is not band:
                largest = max(largest, abs(_logit(probability) - _logit(current)))
                changes_level |= (new_band is Band.LOW) != (band is Band.LOW)
        if largest > 0:
            tier = STAGE_TWO_TIER if changes_level and stage_two_open else BAND_TIER
            reason = "It could move the likelihood of tendinopathy into another band"
            if tier == STAGE_TWO_TIER:
                reason += ", and so change the triage level"
            view.offer(item, tier, largest, 1, reason + ".")


def _ratios_per_answer(
    item: str, item_effects: tuple[Effect, ...], values: dict[str, Any]
) -> list[tuple[likelihood.Ratio, ...]]:
    """The likelihood ratios each possible answer to an item would add, one set per distinct set."""
    seen: dict[frozenset[str], tuple[likelihood.Ratio, ...]] = {}
    for answer in candidate_values(item):
        trial = {**values, item: answer}
        firing = [e for e in item_effects if e.ratios and _open_items(e, trial, frozenset()) == ()]
        key = frozenset(e.rule for e in firing)
        if key and key not in seen:
            seen[key] = tuple(r for e in firing for r in e.ratios)
    return list(seen.values())


def _open_items(
    effect: Effect, values: dict[str, Any], asked: frozenset[str]
) -> tuple[str, ...] | None:
    """The items a rule still needs; () when it has fired; None when it never can."""
    open_items = []
    for key, wanted in effect.pattern:
        if key in values:
            if not satisfies(wanted, values[key]):
                return None
        elif key in asked:
            return None
        else:
            open_items.append(key)
    return tuple(open_items)


def _logit(probability: float) -> float:
    clipped = min(max(probability, 1e-12), 1 - 1e-12)
    return math.log(clipped / (1 - clipped))
