"""Foresight: the effects table read from the rule catalogue, and what open items could still change."""

from __future__ import annotations

import inspect
from typing import Any

from hypothesis import HealthCheck, given, settings

from rules.base import Concern, LikelihoodBand, RedFlag, clinical_rule, estimate, predicate, when
from rules.catalogue import by_id, catalogue
from rules.findings import FINDINGS
from rules.patterns import candidate_values
from rules.red_flags import FLAGS
from rules.replay import declared_by
from rules.rulebase import RuleBase
from rules.scale import Band, Level
from rules.vocabulary import QUESTIONS, RED_FLAG_QUESTIONS, YES, Group, Q
from triage import Triage, assess, default, next_step, parse_intake
from triage.assessment.pipeline import rule_values
from triage.devtools.testing import sparse_intakes
from triage.interview.foresight import (
    BAND_TIER,
    LEVEL_TIER,
    STAGE_TWO_TIER,
    World,
    open_items,
    outlook,
    ratios_per_answer,
)
from triage.interview.next_question import StopReason, asked_items


def view_of(
    data: dict[str, Any], rule_base: type[RuleBase] = RuleBase
) -> tuple[dict[str, Any], dict[str, str]]:
    intake = parse_intake(data)
    core = Triage(rule_base=rule_base)
    found = outlook(intake, asked_items(intake), core.assess(intake), core.tables)
    return found.impact, found.reasons


def test_every_red_flag_rule_is_in_the_table_with_the_level_it_forces() -> None:
    floors = {effect.rule: effect.floor for effect in default().tables.effects}
    for flag in FLAGS:
        assert floors[f"red_flag_{flag.id}"] is flag.level


def test_every_likelihood_ratio_of_the_findings_table_is_in_the_table() -> None:
    ratios = {(r.question, r.likelihood_ratio) for e in default().tables.effects for r in e.ratios}
    for finding in FINDINGS:
        for ratio in (finding.yes, finding.no):
            if ratio is not None:
                assert (finding.question.value, ratio) in ratios


def test_the_table_is_indexed_by_every_item_a_rule_reads() -> None:
    index = default().tables.by_item
    assert {"age", "sex", "sit_bone_pain", "duration_weeks"} <= set(index)
    assert all(key in dict(e.pattern) for key, found in index.items() for e in found)


def test_a_rule_that_could_still_make_it_an_emergency_ranks_first() -> None:
    screen = {q.value: "no" for q in RED_FLAG_QUESTIONS}
    screen["fever_or_unwell"] = "yes"
    impact, reasons = view_of({"answers": screen})
    assert impact["age"][0] == LEVEL_TIER
    assert Level.EMERGENCY.value in reasons["age"]
    assert min(impact.values()) == impact["age"]


def test_a_rule_contradicted_by_an_answer_offers_nothing() -> None:
    screen = {q.value: "no" for q in RED_FLAG_QUESTIONS}
    impact, _ = view_of({"age": 40, "answers": screen})
    assert "age" not in impact


def test_an_answer_that_alone_moves_the_band_is_offered_with_its_size() -> None:
    screen = {q.value: "no" for q in RED_FLAG_QUESTIONS}
    impact, reasons = view_of(
        {"age": 40, "sex": "male", "answers": {**screen, "sit_bone_pain": "yes"}}
    )
    assert "modified_bent_knee_stretch_test" in impact
    assert "band" in reasons["modified_bent_knee_stretch_test"] or (
        "triage level" in reasons["modified_bent_knee_stretch_test"]
    )
    assert impact["modified_bent_knee_stretch_test"][0] in (STAGE_TWO_TIER, BAND_TIER)


def test_an_examination_item_ranks_after_the_questions_a_person_can_answer_in_its_tier() -> None:
    screen = {q.value: "no" for q in RED_FLAG_QUESTIONS}
    impact, _ = view_of({"age": 40, "sex": "male", "answers": {**screen, "sit_bone_pain": "yes"}})
    tier = impact["modified_bent_knee_stretch_test"][0]
    same_tier = [rank for rank in impact.values() if rank[0] == tier]
    assert any(not rank[1] for rank in same_tier)
    assert impact["modified_bent_knee_stretch_test"] > min(same_tier)


def test_every_red_flag_sets_at_least_a_consultation_so_its_differential_sign_can_be_left_out() -> (
    None
):
    assert all(flag.level.urgency >= Level.CONSULTATION.urgency for flag in FLAGS)


MILD_FULL: dict[str, Any] = {
    "age": 31,
    "sex": "female",
    "answers": {
        **{q.value: "no" for q in Q},
        **{q.value: "unknown" for q in QUESTIONS if QUESTIONS[q].group is Group.EXAMINATION},
        "training_increase": "yes",
        "runs_or_sprint_sport": "yes",
        "sit_bone_pain": "yes",
        "sitting_pain": "yes",
        "hill_lunge_pain": "yes",
        "sit_bone_tender": "yes",
        "acceleration_pain": "yes",
        "eases_with_warmup": "yes",
        "resisted_bend_pain": "yes",
        "stretch_pain": "yes",
        "duration_weeks": 2,
        "pain_severity": 3,
    },
}
"""Every item answered: a recent, mild overload (home care) with a clear screen."""


def without(data: dict[str, Any], item: str, **changed: Any) -> dict[str, Any]:
    answers = {k: v for k, v in data["answers"].items() if k != item}
    return {**data, "answers": {**answers, **changed}}


def test_the_fully_answered_mild_overload_is_home_care_and_the_interview_stops() -> None:
    assert assess(MILD_FULL).triage.level is Level.SELF_CARE
    assert next_step(MILD_FULL).stop_reason is StopReason.SETTLED


def test_the_interview_asks_how_long_and_how_bad_when_they_could_make_home_care_possible() -> None:
    for item in ("duration_weeks", "pain_severity"):
        step = next_step(without(MILD_FULL, item))
        assert step.triage.level is Level.CONSULTATION
        assert step.question is not None and step.question.id == item


class WalkingDifficultyIsUrgent(RuleBase):
    """The rule base with one level rule changed: a limp means a doctor within 24 hours."""

    @clinical_rule(when(walking_difficulty=YES), source=estimate("a test's changed rule"))
    def triage_walking_difficulty(self) -> None:
        """A limp warrants seeing a doctor within 24 hours (changed for a test)."""
        self.declare(Concern(level=Level.CONSULTATION_24, reason="A limp (changed rule)."))


class SixWeeksIsLong(RuleBase):
    """The rule base with one threshold changed: pain counts as long from 6 weeks, not 4."""

    @clinical_rule(
        when(duration_weeks=predicate("6 or more", lambda weeks: weeks >= 6)),
        source=estimate("a test's changed threshold"),
    )
    def triage_long_duration(self) -> None:
        """Pain lasting 6 weeks or more (changed for a test)."""
        self.declare(Concern(level=Level.CONSULTATION, reason="Six weeks (changed rule)."))

    @clinical_rule(
        LikelihoodBand(screen_complete=True, band=Band.HIGH),
        when(
            duration_weeks=predicate("under 6", lambda weeks: weeks < 6),
            pain_severity=predicate("under 7", lambda score: score < 7),
        ),
        source=estimate("a test's changed threshold"),
    )
    def triage_self_care(self) -> None:
        """Home care under 6 weeks (changed for a test)."""
        self.declare(Concern(level=Level.SELF_CARE, reason="Home care (changed rule)."))


def test_changing_the_level_a_rule_sets_changes_which_question_the_interview_asks() -> None:
    # Long-lasting pain holds a consultation, so in someone who does not run (in a runner a limp
    # is a same-day stress-fracture check) a limp would change nothing ...
    state = without(MILD_FULL, "walking_difficulty", duration_weeks=8, runs_or_sprint_sport="no")
    assert next_step(state).should_stop
    # ... unless a limp means a doctor within 24 hours: then it is the question to ask.
    changed = Triage(rule_base=WalkingDifficultyIsUrgent).next_step(state)
    assert changed.question is not None and changed.question.id == "walking_difficulty"
    assert Level.CONSULTATION_24.value in changed.reason
    impact, _ = view_of(state, WalkingDifficultyIsUrgent)
    assert impact["walking_difficulty"][0] == LEVEL_TIER
    assert "walking_difficulty" not in view_of(state)[0]


def test_changing_a_threshold_changes_which_question_the_interview_asks() -> None:
    # Five weeks is long for the rule base, so how bad the pain is cannot make it home care ...
    state = without(MILD_FULL, "pain_severity", duration_weeks=5)
    assert next_step(state).should_stop
    # ... but with long meaning 6 weeks it could, and the interview asks it.
    changed = Triage(rule_base=SixWeeksIsLong).next_step(state)
    assert changed.question is not None and changed.question.id == "pain_severity"
    assert "lower the triage level" in changed.reason
    full = {**state, "answers": {**state["answers"], "pain_severity": 3}}
    assert Triage(rule_base=SixWeeksIsLong).assess(full).triage.level is Level.SELF_CARE
    assert assess(full).triage.level is Level.CONSULTATION


def test_each_triage_keeps_the_foresight_tables_of_its_own_rule_base() -> None:
    core = default()
    ours, changed = core.tables, Triage(rule_base=WalkingDifficultyIsUrgent).tables
    assert core.tables is ours
    level = {r.rule: r.level for r in changed.level_rules}
    assert level["triage_walking_difficulty"] is Level.CONSULTATION_24
    assert {r.rule: r.level for r in ours.level_rules}["triage_walking_difficulty"] is (
        Level.CONSULTATION
    )


def test_every_rule_that_declares_a_level_is_a_level_rule_of_the_table() -> None:
    declared = {
        e.id
        for e in catalogue()
        if any(isinstance(f, RedFlag | Concern) for f in _declared_facts(e.id))
    }
    assert declared == {r.rule for r in default().tables.level_rules}


def _declared_facts(rule_id: str) -> list[Any]:
    method = by_id()[rule_id].info.method
    names = list(inspect.signature(method).parameters)[1:]
    return declared_by(method, **dict.fromkeys(names))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sparse_intakes(max_answers=20))
def test_the_ratios_an_answer_would_add_are_those_of_trying_the_answer(
    data: dict[str, Any],
) -> None:
    """`ratios_per_answer` takes its rules from the world's table of what each rule waits for;
    trying each answer in a copy of the known answers, as a reader would, gives the same sets."""
    intake = parse_intake(data)
    found = default().tables
    world = World(found, rule_values(intake), asked_items(intake), assess(intake))
    for item, item_effects in found.by_item.items():
        if not world.is_open(item):
            continue
        tried: dict[frozenset[str], tuple[Any, ...]] = {}
        for answer in candidate_values(item):
            trial = {**world.values, item: answer}
            firing = [
                e for e in item_effects if e.ratios and open_items(e, trial, frozenset()) == ()
            ]
            key = frozenset(e.rule for e in firing)
            if key and key not in tried:
                tried[key] = tuple(r for e in firing for r in e.ratios)
        assert ratios_per_answer(item, item_effects, world) == list(tried.values())


def test_two_answers_that_only_together_could_change_the_band_are_still_asked() -> None:
    # The likelihood's ratios are shrunk together, so neither sitting pain nor acceleration pain
    # alone lifts this runner out of the moderate band, but both together do.
    answers: dict[str, Any] = {
        **{q.value: "unknown" for q in Q},
        **{q.value: "no" for q in RED_FLAG_QUESTIONS},
        "runs_or_sprint_sport": "yes",
        "sit_bone_pain": "yes",
        "sit_bone_tender": "yes",
    }
    for open_item in ("sitting_pain", "acceleration_pain"):
        del answers[open_item]
    state = {"age": 29, "sex": "male", "answers": answers}
    assert assess(state).likelihood.band is Band.MODERATE
    both = {**state, "answers": {**answers, "sitting_pain": "yes", "acceleration_pain": "yes"}}
    assert assess(both).likelihood.band is Band.HIGH
    impact, reasons = view_of(state)
    assert set(impact) & {"sitting_pain", "acceleration_pain"}
    assert all(reason.startswith("With another answer") for reason in reasons.values())
