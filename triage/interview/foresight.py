"""Foresight: what the items not yet asked could still do to the triage level and the likelihood band.

Everything here is read from a rule base (the project's, or any subclass of it: the tables are built
once per class). Each rule body is run against a recorder instead of an engine (rule bodies only
declare facts), which gives what it declares: a red flag or a concern and its level, a differential
sign, a likelihood ratio. Each rule's conditions are read with `rules.patterns`. With that:

- the answers still open give a reachable world: the likelihood bands the open answers could reach
  together (likelihood arithmetic over the groups, `triage.assessment.likelihood`), the support each
  differential could reach (its score with every open sign added), whether the screen could
  still be completed;
- a rule that declares a level more urgent than the current one, has not fired and could fire in
  that world could raise the level; the items that could make its conditions hold are worth asking;
- when every rule holding the current level could stop holding it and some rule with a lower level
  could fire (or nothing holds it and the level with nothing declared is lower), the level could
  fall; the items that could bring that about are worth asking.

Each condition is judged on its own over the reachable world, which can only find more to ask,
never less. Outside the level, an answer's likelihood ratios give the new band one answer at a time.
"""

from __future__ import annotations

import inspect
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from experta import Rule
from experta.fieldconstraint import W

from rules.base import Answers, Concern, Evidence, LikelihoodBand, RedFlag, Sign, Supported
from rules.patterns import candidate_values, satisfies
from rules.replay import declared_by
from rules.rulebase import RuleBase
from rules.scale import Band, Condition, Level, Support
from rules.structure import FactPattern, body_of, fact_patterns, required_answers, rules_of
from rules.vocabulary import Group
from triage.assessment import likelihood
from triage.assessment.pipeline import rule_values
from triage.assessment.support import support_for
from triage.interview.questionnaire import item_by_id
from triage.models import Assessment, Intake

Rank = tuple[int, bool, float, int]
"""How an item ranks, lower first: its tier; examination last (a chatbot's user can rarely answer it);
minus its impact; how many items its rule still needs."""

LEVEL_TIER, STAGE_TWO_TIER, BAND_TIER = 0, 1, 2

NOTHING_DECLARED = Level.CONSULTATION
"""The level when no rule declares one (see `triage.assessment.pipeline`)."""

_BANDS = (Band.LOW, Band.MODERATE, Band.HIGH)
_SUPPORTS: tuple[Support | None, ...] = (None, Support.LOW, Support.MODERATE, Support.HIGH)


@dataclass(frozen=True, slots=True)
class Effect:
    """What one rule reading only the answers needs, and what it declares when it fires."""

    rule: str
    pattern: tuple[tuple[str, Any], ...]
    floor: Level | None
    signs: tuple[tuple[Condition, int], ...]
    ratios: tuple[likelihood.Ratio, ...]


@dataclass(frozen=True, slots=True)
class LevelRule:
    """A rule that declares a triage level (a red flag or a concern), with its conditions."""

    rule: str
    level: Level
    patterns: tuple[FactPattern, ...]

    @property
    def reads_answers_only(self) -> bool:
        """Whether its conditions are answers that must hold (no stage-two fact, no negation)."""
        return all(p.fact is Answers and not p.negated for p in self.patterns)


@dataclass(frozen=True, slots=True)
class Tables:
    """What a rule base's rules read and declare, built once per rule-base class."""

    effects: tuple[Effect, ...]
    level_rules: tuple[LevelRule, ...]
    by_item: dict[str, tuple[Effect, ...]]


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
        """Offer every item of some options, each with its signed impact and the items it needs."""
        for impact, needed in options:
            for item in needed:
                self.offer(item, tier, abs(impact), len(needed), reason)


def _declared(rule: Rule) -> list[Any]:
    """The facts a rule's body declares, run alone; a name its conditions bind is given None."""
    body = body_of(rule)
    names = list(inspect.signature(body).parameters)[1:]
    return declared_by(body, **dict.fromkeys(names))


def build_tables(rule_base: type = RuleBase) -> Tables:
    """The effects and level rules of a rule-base class (a `Triage` builds its own once).

    The differential sign each red flag adds (`differential_from_red_flag`) is not among the
    effects: every red flag sets a floor of at least a consultation, which already holds the
    level there, and the assessment's differentials already count it.
    """
    effects, level_rules = [], []
    for rule_id, rule in rules_of(rule_base).items():
        patterns = fact_patterns(rule)
        if not patterns:
            continue
        facts = _declared(rule)
        floors = [Level(f["level"]) for f in facts if isinstance(f, RedFlag | Concern)]
        floor = max(floors, key=lambda level: level.urgency) if floors else None
        if floor is not None:
            level_rules.append(LevelRule(rule_id, floor, patterns))
        if any(p.fact is not Answers or p.negated for p in patterns):
            continue
        effects.append(
            Effect(
                rule=rule_id,
                pattern=tuple(required_answers(rule).items()),
                floor=floor,
                signs=tuple(
                    (Condition(f["condition"]), int(f["weight"]))
                    for f in facts
                    if isinstance(f, Sign)
                ),
                ratios=tuple(
                    likelihood.ratio_of(f, rule=rule_id) for f in facts if isinstance(f, Evidence)
                ),
            )
        )
    index: dict[str, list[Effect]] = defaultdict(list)
    for effect in effects:
        for key, _ in effect.pattern:
            index[key].append(effect)
    return Tables(
        tuple(effects), tuple(level_rules), {key: tuple(found) for key, found in index.items()}
    )


def outlook(
    intake: Intake, asked: frozenset[str], assessment: Assessment, found: Tables
) -> Outlook:
    """Which items not yet asked could change the level or the band, and how much."""
    world = World(found, rule_values(intake), asked, assessment)
    level = assessment.triage.level
    fired = set(assessment.explanation.fired_rules)
    view = Outlook()
    for rule in found.level_rules:
        if rule.level.urgency > level.urgency and rule.rule not in fired and world.can_fire(rule):
            needed = world.to_fire(rule)
            tier = LEVEL_TIER if rule.reads_answers_only else STAGE_TWO_TIER
            view.offer_all(
                tier,
                ((rule.level.urgency, items) for _, items in needed),
                f"It could raise the triage level to {rule.level.value}.",
            )
    holding = [r for r in found.level_rules if r.rule in fired and r.level is level]
    lower = [
        r
        for r in found.level_rules
        if r.level.urgency < level.urgency and r.rule not in fired and world.can_fire(r)
    ]
    if all(world.can_stop(r) for r in holding) and (
        lower or (not holding and NOTHING_DECLARED.urgency < level.urgency)
    ):
        options = [option for r in holding for option in world.to_stop(r)]
        options += [option for r in lower for option in world.to_fire(r)]
        view.offer_all(
            STAGE_TWO_TIER,
            options,
            "It could lower the triage level, alone or with other answers (for example show "
            "that home care is enough).",
        )
    _offer_band_changes(view, world, found)
    return view


Option = tuple[float, tuple[str, ...]]
"""An item set that could change a condition, with the size of the change."""


class World:
    """What the open answers could still make of the stage-two facts, all judged together."""

    def __init__(
        self, found: Tables, values: dict[str, Any], asked: frozenset[str], assessment: Assessment
    ) -> None:
        self.values, self.asked, self.assessment = values, asked, assessment
        live: list[tuple[Effect, tuple[str, ...]]] = []
        fired: list[Effect] = []
        self._open: dict[int, tuple[str, ...] | None] = {}
        for effect in found.effects:
            still_open = self._open[id(effect)] = open_items(effect, values, asked)
            if still_open == ():
                fired.append(effect)
            elif still_open is not None:
                live.append((effect, still_open))
        self._band_now = assessment.likelihood.band
        self._bands, self._band_moves = _reachable_bands(assessment, live)
        unanswered = [q.value for q in assessment.red_flag_screen.unanswered]
        self._screen_now = assessment.red_flag_screen.complete
        self._screen_items = tuple(q for q in unanswered if self.is_open(q))
        completable = len(self._screen_items) == len(unanswered)
        self._screens = {self._screen_now} | ({True} if completable else set())
        self._supports, self._sign_moves = _reachable_supports(assessment, fired, live)
        self._support_now = {d.condition: d.support for d in assessment.differentials}

    @property
    def band_moves(self) -> dict[bool, list[Option]]:
        """The answers that could raise (True) or lower (False) the likelihood."""
        return self._band_moves

    def is_open(self, key: str) -> bool:
        """Whether an answer key is neither known nor already asked."""
        return key not in self.values and key not in self.asked

    def waits_only_for(self, effect: Effect, key: str) -> bool:
        """Whether the effect's rule needs nothing but an answer to this open key to fire."""
        open_items = self._open[id(effect)]
        return open_items is not None and open_items != () and all(i == key for i in open_items)

    # A rule as a whole ---------------------------------------------------------------------

    def can_fire(self, rule: LevelRule) -> bool:
        """Whether some completion of the open answers could meet each condition (one by one)."""
        return all(self._can(p, hold=True) for p in rule.patterns)

    def can_stop(self, rule: LevelRule) -> bool:
        """Whether some completion of the open answers could break one of its conditions."""
        return any(self._can(p, hold=False) for p in rule.patterns)

    def to_fire(self, rule: LevelRule) -> list[Option]:
        """The item sets that could make its conditions that do not hold now hold."""
        return [o for p in rule.patterns if not self._holds(p) for o in self._moves(p, hold=True)]

    def to_stop(self, rule: LevelRule) -> list[Option]:
        """The item sets that could break one of its conditions."""
        return [o for p in rule.patterns for o in self._moves(p, hold=False)]

    # One condition -------------------------------------------------------------------------

    def _holds(self, pattern: FactPattern) -> bool:
        if pattern.fact is Answers:
            met = all(
                k in self.values and satisfies(c, self.values[k]) for k, c in pattern.fields.items()
            )
        elif pattern.fact is LikelihoodBand:
            met = self._band_ok(pattern, self._band_now) and self._screen_ok(
                pattern, self._screen_now
            )
        elif pattern.fact is Supported:
            met = any(self._support_ok(pattern, c, s) for c, s in self._support_now.items())
        else:
            return True  # a fact this module does not foresee: taken as it is
        return met != pattern.negated

    def _can(self, pattern: FactPattern, *, hold: bool) -> bool:
        """Whether the pattern (as written, negation included) could hold, or fail, later."""
        positive = hold != pattern.negated  # whether the fact pattern itself must match
        if pattern.fact is Answers:
            return self._answers_can(pattern, match=positive)
        if pattern.fact is LikelihoodBand:
            pairs = [(b, s) for b in self._bands for s in self._screens]
            matches = [self._band_ok(pattern, b) and self._screen_ok(pattern, s) for b, s in pairs]
            return any(matches) if positive else not all(matches)
        if pattern.fact is Supported:
            if positive:
                return any(
                    self._support_ok(pattern, c, s)
                    for c, reach in self._supports.items()
                    for s in reach
                )
            return all(
                any(not self._support_ok(pattern, c, s) for s in reach)
                for c, reach in self._supports.items()
            )
        return True

    def _answers_can(self, pattern: FactPattern, *, match: bool) -> bool:
        fields = pattern.fields.items()
        if match:
            return all(
                satisfies(c, self.values[k])
                if k in self.values
                else self.is_open(k) and any(satisfies(c, v) for v in candidate_values(k))
                for k, c in fields
            )
        return any(
            (k in self.values and not satisfies(c, self.values[k]))
            or (k not in self.values and (self.is_open(k) or k in self.asked))
            for k, c in fields
        )

    def _moves(self, pattern: FactPattern, *, hold: bool) -> Iterator[Option]:
        """Item sets whose answers could make the pattern hold (or fail)."""
        positive = hold != pattern.negated
        if pattern.fact is Answers:
            open_keys = tuple(k for k in pattern.fields if self.is_open(k))
            if open_keys and self._answers_can(pattern, match=positive):
                yield 1.0, open_keys
        elif pattern.fact is LikelihoodBand:
            wanted = [b for b in self._bands if self._band_ok(pattern, b) == positive]
            now = _BANDS.index(self._band_now)
            if any(_BANDS.index(b) > now for b in wanted):
                yield from self._band_moves[True]
            if any(_BANDS.index(b) < now for b in wanted):
                yield from self._band_moves[False]
            if self._screen_items and self._screen_ok(pattern, True) == positive:
                yield 1.0, self._screen_items
        elif pattern.fact is Supported:
            for condition, reach in self._supports.items():
                rank = _SUPPORTS.index(self._support_now.get(condition))
                targets = [
                    _SUPPORTS.index(s)
                    for s in reach
                    if self._support_ok(pattern, condition, s) == positive
                ]
                for rising in (True, False):
                    if any(target != rank and (target > rank) == rising for target in targets):
                        yield from self._sign_moves.get((condition, rising), [])

    @staticmethod
    def _band_ok(pattern: FactPattern, band: Band) -> bool:
        return "band" not in pattern.fields or satisfies(pattern.fields["band"], band)

    @staticmethod
    def _screen_ok(pattern: FactPattern, complete: bool) -> bool:
        wanted = pattern.fields.get("screen_complete", W())
        return satisfies(wanted, complete)

    @staticmethod
    def _support_ok(pattern: FactPattern, condition: Condition, support: Support | None) -> bool:
        if support is None:
            return False
        fields = pattern.fields
        return ("condition" not in fields or satisfies(fields["condition"], condition)) and (
            "support" not in fields or satisfies(fields["support"], support)
        )


def _reachable_bands(
    assessment: Assessment, live: list[tuple[Effect, tuple[str, ...]]]
) -> tuple[list[Band], dict[bool, list[Option]]]:
    """The bands the open answers could reach together, and the answers that move it up or down.

    Groups are independent: in each, the answers still open can only replace the counted ratio
    with a stronger one, so the lowest (or highest) reachable probability is a sum over groups.
    """
    prior = assessment.likelihood.prior
    ratios = _current_ratios(assessment)
    counted = {ratio.group: ratio for ratio in likelihood.counted(ratios)}
    shifts: dict[str, list[Option]] = defaultdict(list)
    for effect, open_items in live:
        for ratio in effect.ratios:
            current = counted.get(ratio.group)
            if current is None or likelihood.strength(ratio) > likelihood.strength(current):
                base = math.log(current.likelihood_ratio) if current else 0.0
                shift = likelihood.SHRINKAGE * (math.log(ratio.likelihood_ratio) - base)
                if shift != 0:
                    shifts[ratio.group].append((shift, open_items))
    now = _logit(likelihood.posterior(prior, ratios))
    lowest = now + sum(min(0.0, *(s for s, _ in options)) for options in shifts.values())
    highest = now + sum(max(0.0, *(s for s, _ in options)) for options in shifts.values())
    low, high = (_BANDS.index(likelihood.band(_expit(x))) for x in (lowest, highest))
    moves: dict[bool, list[Option]] = {True: [], False: []}
    for options in shifts.values():
        for shift, items in options:
            moves[shift > 0].append((shift, items))
    return list(_BANDS[low : high + 1]), moves


def _reachable_supports(
    assessment: Assessment,
    fired: list[Effect],
    live: list[tuple[Effect, tuple[str, ...]]],
) -> tuple[dict[Condition, list[Support | None]], dict[tuple[Condition, bool], list[Option]]]:
    """The supports each differential could reach, and the answers that raise or lower it."""
    scores: dict[Condition, int] = defaultdict(int)
    for effect in fired:
        for condition, weight in effect.signs:
            scores[condition] += weight
    scores.update({d.condition: d.score for d in assessment.differentials})
    low, high = dict(scores), dict(scores)
    moves: dict[tuple[Condition, bool], list[Option]] = defaultdict(list)
    for effect, open_items in live:
        for condition, weight in effect.signs:
            low.setdefault(condition, 0)
            high.setdefault(condition, 0)
            if weight < 0:
                low[condition] += weight
            else:
                high[condition] += weight
            moves[condition, weight > 0].append((float(weight), open_items))
    reach = {
        condition: sorted(
            {support_for(score) for score in range(low[condition], high[condition] + 1)},
            key=_SUPPORTS.index,
        )
        for condition in low
    }
    return reach, moves


def _current_ratios(assessment: Assessment) -> list[likelihood.Ratio]:
    return [
        likelihood.Ratio(c.question.value, c.answer, c.likelihood_ratio, c.group, c.rule)
        for c in assessment.likelihood.contributions
    ]


def _offer_band_changes(view: Outlook, world: World, found: Tables) -> None:
    """Offer the items that alone could move the likelihood into another band."""
    prior = world.assessment.likelihood.prior
    now = likelihood.strongest(_current_ratios(world.assessment))
    current = likelihood.posterior_of_counted(prior, now.values())
    band = likelihood.band(current)
    for item, item_effects in found.by_item.items():
        if not world.is_open(item) or not any(effect.ratios for effect in item_effects):
            continue
        largest = 0.0
        for added in ratios_per_answer(item, item_effects, world):
            counted = likelihood.strongest(added, now).values()
            probability = likelihood.posterior_of_counted(prior, counted)
            if likelihood.band(probability) is not band:
                largest = max(largest, abs(_logit(probability) - _logit(current)))
        if largest > 0:
            view.offer(
                item,
                BAND_TIER,
                largest,
                1,
                "It could move the likelihood of tendinopathy into another band.",
            )
    # The likelihood's ratios are shrunk together (`likelihood.SHRINKAGE`), so two answers that
    # neither alone could move the band may move it together: when the two strongest open moves
    # in one direction would (two of one group may be counted, which only asks more), offer the
    # stronger of them.
    for rising in (True, False):
        pair = _strongest_pair(world.band_moves[rising])
        if pair and likelihood.band(_expit(_logit(current) + sum(s for s, _ in pair))) is not band:
            view.offer_all(
                BAND_TIER,
                pair[:1],
                "With another answer, it could move the likelihood of tendinopathy into another band.",
            )


def _strongest_pair(moves: list[Option]) -> list[Option]:
    """The two strongest moves whose items differ, strongest first (fewer when there are not two)."""
    ordered = sorted(moves, key=lambda option: (-abs(option[0]), option[1]))
    pair = ordered[:1]
    for option in ordered[1:]:
        if option[1] != pair[0][1]:
            return [pair[0], option]
    return pair


def ratios_per_answer(
    item: str, item_effects: tuple[Effect, ...], world: World
) -> list[tuple[likelihood.Ratio, ...]]:
    """The likelihood ratios each possible answer to an open item would add, one set per distinct set.

    A rule fires on an answer when the item is all it still waits for and the answer meets its
    conditions on the item (the rest of them are met already).
    """
    waiting = [e for e in item_effects if e.ratios and world.waits_only_for(e, item)]
    seen: dict[frozenset[str], tuple[likelihood.Ratio, ...]] = {}
    for answer in candidate_values(item):
        firing = [
            e for e in waiting if all(satisfies(c, answer) for k, c in e.pattern if k == item)
        ]
        key = frozenset(e.rule for e in firing)
        if key and key not in seen:
            seen[key] = tuple(r for e in firing for r in e.ratios)
    return list(seen.values())


def open_items(
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


def _expit(log_odds: float) -> float:
    return 1 / (1 + math.exp(-log_odds))
