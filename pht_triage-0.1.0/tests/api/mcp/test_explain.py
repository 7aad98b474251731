"""`explain`: every question, group, rule and level in the rule base's own words."""

from __future__ import annotations

import pytest

from api.mcp.explain import explain
from rules.catalogue import catalogue
from rules.scale import DISPOSITIONS, Level
from triage.errors import IntakeError
from triage.interview.groups import GROUPINGS
from triage.interview.questionnaire import items


def test_every_question_is_explained_by_its_text_and_why() -> None:
    for item in items():
        found = explain(item.id)
        assert (found.kind, found.text, found.why) == ("question", item.text, item.why)


def test_every_group_lists_its_items() -> None:
    for grouping in GROUPINGS:
        found = explain(grouping.id)
        assert (found.kind, found.related) == ("group", list(grouping.members))


def test_every_rule_is_explained_by_its_description_source_and_questions() -> None:
    for entry in catalogue():
        found = explain(entry.id)
        assert (found.kind, found.text) == ("rule", entry.info.description)
        assert found.source == (entry.source_text or None)
        assert found.related == [q.value for q in entry.questions]


def test_every_level_says_who_to_see_and_how_soon() -> None:
    for level in Level:
        found = explain(level.value)
        referral = DISPOSITIONS[level]
        assert found.kind == "level"
        assert referral.see in found.text and referral.within in found.text


def test_an_unknown_id_names_the_field_and_suggests_the_nearest() -> None:
    with pytest.raises(IntakeError) as raised:
        explain("consultation24")
    (problem,) = raised.value.problems
    assert (problem.path, problem.suggestion) == ("id", "consultation_24")
    with pytest.raises(IntakeError):
        explain("x" * 10_000)
