"""`rules.patterns`: rule conditions are read and evaluated as experta would."""

from __future__ import annotations

from experta import L, P, W

from rules.base import Answers
from rules.catalogue import by_id
from rules.patterns import candidate_values, satisfied_by, satisfies, values_satisfying
from rules.structure import answer_keys, fact_patterns, required_answers
from rules.vocabulary import YES


def test_literals_predicates_and_wildcards_are_evaluated() -> None:
    assert satisfies(L("yes"), YES)
    assert not satisfies(L("yes"), "no")
    assert satisfies(P(lambda age: age < 18), 9)
    assert not satisfies(P(lambda age: age < 18), "not a number")
    assert satisfies(W(), object())
    assert satisfies("female", "female")


def test_combined_constraints_are_evaluated() -> None:
    assert satisfies(L("a") | L("b"), "b")
    assert not satisfies(W() & ~L("a"), "a")
    assert satisfies(W() & ~L("a"), "c")
    assert satisfies(P(lambda n: n > 1) & P(lambda n: n < 3), 2)


def test_a_rule_with_a_negated_pattern_reads_it_as_negated() -> None:
    patterns = fact_patterns(by_id()["advice_rehabilitation"].info.rule)
    assert [(p.fact.__name__, p.negated) for p in patterns] == [
        ("Disposition", False),
        ("LikelihoodBand", False),
        ("RedFlag", True),
    ]


def test_required_answers_and_answer_keys_of_a_rule_with_an_age() -> None:
    rule = by_id()["red_flag_fever_in_child"].info.rule
    assert answer_keys(rule) == ("fever_or_unwell", "age")
    required = required_answers(rule)
    assert satisfied_by(required, {"fever_or_unwell": YES, "age": 10})
    assert not satisfied_by(required, {"fever_or_unwell": YES, "age": 40})
    assert not satisfied_by(required, {"fever_or_unwell": YES})


def test_values_satisfying_an_age_range_are_all_in_it() -> None:
    values = values_satisfying("age", P(lambda age: 11 <= age <= 25))
    assert set(values) == set(range(11, 26))
    assert values[0] == 15


def test_candidate_values_cover_every_kind_of_key() -> None:
    assert candidate_values("back_pain") == ("yes", "no")
    assert 12 in candidate_values("duration_weeks")
    assert "female" in candidate_values("sex")


def test_answers_patterns_are_found_for_a_generated_rule() -> None:
    patterns = fact_patterns(by_id()["likelihood_sit_bone_pain_yes"].info.rule)
    assert len(patterns) == 1
    assert patterns[0].fact is Answers
    assert dict(patterns[0].fields) == {"sit_bone_pain": YES}
