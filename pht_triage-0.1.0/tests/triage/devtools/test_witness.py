"""`triage.devtools.witness`: every rule gets an intake that fires it, found deterministically."""

from __future__ import annotations

import random

from rules.catalogue import by_id, catalogue
from triage import assess, evaluate
from triage.devtools.witness import (
    SCREEN_NO,
    Evaluations,
    as_data,
    assign,
    find_witnesses,
    random_intake,
    simplest_intake,
)
from triage.models import Intake, parse_intake


def test_every_rule_has_a_witness_that_really_fires_it() -> None:
    witnesses = find_witnesses(seconds=1)
    assert witnesses.unreachable == ()
    for rule, intake in witnesses.found.items():
        assert intake is not None
        assert rule in {firing.rule for firing in evaluate(intake).firings}


def test_the_search_gives_the_same_witnesses_every_time() -> None:
    assert find_witnesses(seconds=0).found == find_witnesses(seconds=0).found


def test_a_red_flag_rules_witness_is_its_own_conditions() -> None:
    rule = by_id()["red_flag_fever_in_child"].info.rule
    intake = simplest_intake(rule)
    assert intake is not None
    assert intake["answers"] == {"fever_or_unwell": "yes"}
    assert intake["age"] < 18


def test_rules_of_the_later_stages_read_no_answers_and_have_no_simplest_intake() -> None:
    assert simplest_intake(by_id()["advice_emergency"].info.rule) == {"answers": {}}


def test_random_intakes_are_valid_and_seeded() -> None:
    first = [random_intake(random.Random(7)) for _ in range(3)]
    again = [random_intake(random.Random(7)) for _ in range(3)]
    assert first == again
    for intake in first:
        assert isinstance(parse_intake(intake), Intake)


def test_assign_sets_and_removes_answers_and_person_fields_without_changing_the_original() -> None:
    original = {"age": 30, "answers": {"back_pain": "yes"}}
    changed = assign(
        original, {"age": None, "sex": "female", "back_pain": None, "night_pain": "no"}
    )
    assert changed == {"sex": "female", "answers": {"night_pain": "no"}}
    assert original == {"age": 30, "answers": {"back_pain": "yes"}}


def test_as_data_keeps_known_answers_and_an_age_of_zero() -> None:
    data = as_data({"age": 0, "answers": {"duration_weeks": 8, "night_pain": "unknown"}})
    assert data == {"age": 0, "answers": {"duration_weeks": 8}}


def test_evaluations_are_kept_per_intake() -> None:
    evaluations = Evaluations()
    intake = {"answers": dict(SCREEN_NO)}
    assert evaluations.of(intake) is evaluations.of(dict(intake))
    assert "triage_duration_unknown" in evaluations.fired(intake)


def test_every_catalogue_rule_is_searched() -> None:
    assert set(find_witnesses(seconds=0).found) == {entry.id for entry in catalogue()}


def test_home_care_is_found_with_a_clear_screen_and_a_fitting_picture() -> None:
    found = find_witnesses(seconds=0).found
    for rule in ("triage_self_care", "advice_safety_net"):
        witness = found[rule]
        assert witness is not None, rule
        assert assess(witness).triage.level.value == "self_care", rule
