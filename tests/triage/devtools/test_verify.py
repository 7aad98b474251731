"""`triage.devtools.verify` and `triage check`: each check finds the defect it is for; the rule base has none."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from rules.base import Advise, RedFlag, estimate, generated_rule, when
from rules.catalogue import CatalogueEntry, by_id, catalogue, describe
from rules.vocabulary import YES, Q
from triage.cli import main
from triage.devtools.verify import (
    CHECKS,
    check_documented,
    check_ids,
    check_questions,
    check_reachable,
    check_red_flag_levels,
    check_references,
    engine_rule_names,
    generated_intakes,
    verify,
)
from triage.engine import CompiledEngine
from triage.texts import QuestionText, question_texts


def _entry(rule_id: str) -> CatalogueEntry:
    return by_id()[rule_id]


def _made_up(declares: Any, *patterns: Any) -> CatalogueEntry:
    rule = generated_rule(
        "made_up_rule",
        patterns or (when(sit_bone_pain=YES),),
        declares,
        "A rule made up for a test.",
        estimate("test"),
    )
    return CatalogueEntry(describe(rule, "advice"), (Q.SIT_BONE_PAIN,))


def test_duplicate_ids_and_rules_missing_from_the_catalogue_are_found() -> None:
    entry = _entry("red_flag_saddle_numbness")
    problems = check_ids([entry, entry], ["red_flag_saddle_numbness", "stray_rule"])
    assert {(p.subject, p.message) for p in problems} == {
        ("red_flag_saddle_numbness", "the id is used by 2 rules"),
        ("stray_rule", "the engine runs this rule but no area of the catalogue lists it"),
    }


def test_the_engine_runs_exactly_the_catalogued_rules() -> None:
    assert engine_rule_names(CompiledEngine) == {entry.id for entry in catalogue()}


def test_a_rule_without_description_or_source_is_found() -> None:
    entry = _entry("triage_constant_pain")
    bare = replace(entry, info=replace(entry.info, description=" ", source=None))
    assert [p.message for p in check_documented([bare])] == [
        "the rule has no description",
        "the rule has no source",
    ]


def test_a_question_no_rule_reads_or_without_text_is_found() -> None:
    entries = [e for e in catalogue() if Q.CYCLICAL_PAIN not in e.questions]
    texts = dict(question_texts())
    texts[Q.BACK_PAIN] = QuestionText(text="", why="")
    problems = {(p.subject, p.message) for p in check_questions(entries, texts)}
    assert problems == {
        ("cyclical_pain", "no rule reads this question"),
        ("back_pain", "the question has no text"),
    }


def test_a_rule_without_witness_is_reported_unreachable() -> None:
    problems = check_reachable({"a": {"answers": {}}, "b": None})
    assert [(p.check, p.subject) for p in problems] == [("reachable", "b")]


def test_a_lowered_red_flag_is_reported_with_the_variant_that_broke_it() -> None:
    def floor(intake: dict[str, Any]) -> None:
        if intake["answers"].get("night_pain") == "yes":
            raise AssertionError("lowered")

    problems = check_red_flag_levels([("case", {"answers": {}})], floor=floor)
    assert [(p.subject, p.message) for p in problems] == [("case", "with night_pain=yes: lowered")]
    assert (
        check_red_flag_levels([("case", {"answers": {}})], add_red_flags=False, floor=floor) == []
    )


def test_generated_intakes_each_meet_a_red_flag() -> None:
    from triage import assess

    for _, intake in generated_intakes(10):
        assert assess(intake).red_flags


def test_an_unknown_advice_item_a_rule_declares_is_found() -> None:
    entry = _made_up(((Advise, {"item": "no_such_item"}),))
    problems = check_references([entry], {})
    assert [p.message for p in problems] == ["no advice item 'no_such_item'"]


def test_an_unknown_condition_in_a_pattern_or_a_declared_fact_is_found() -> None:
    entry = _made_up(
        ((RedFlag, {"condition": "made_up_condition", "level": "emergency"}),),
        RedFlag(condition="another_made_up_condition"),
    )
    messages = sorted(p.message for p in check_references([entry], {}))
    assert messages == [
        "no condition 'another_made_up_condition'",
        "no condition 'made_up_condition'",
    ]


def test_a_rule_with_bindings_is_replayed_from_its_witness_firing() -> None:
    from triage import evaluate

    firing = next(
        f
        for f in evaluate({"answers": {"saddle_numbness": "yes"}}).firings
        if f.rule == "differential_from_red_flag"
    )
    entry = _entry("differential_from_red_flag")
    assert check_references([entry], {entry.id: firing}) == []


def test_the_rule_base_passes_every_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--generated", "20", "--seconds", "1"]) == 0
    out = capsys.readouterr().out
    for name, _ in CHECKS:
        assert f"ok    {name}:" in out
    assert "red_flag_saddle_numbness: {" in out
    assert out.rstrip().endswith("No findings.")


def test_check_json_lists_each_check_and_a_witness_for_every_rule(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "--json", "--generated", "5", "--seconds", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    assert [check["name"] for check in data["checks"]] == [name for name, _ in CHECKS]
    assert set(data["witnesses"]) == {entry.id for entry in catalogue()}
    assert all(data["witnesses"].values())


@pytest.mark.slow
def test_check_exits_1_and_lists_findings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from triage.devtools import verify as verify_module

    monkeypatch.setattr(verify_module, "check_reachable", lambda _: check_reachable({"x": None}))
    assert main(["check", "--generated", "0", "--seconds", "0", "--no-witnesses"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  reachable:" in out
    assert "x: no intake was found that fires this rule" in out
    assert "Witnesses" not in out


@pytest.mark.slow
def test_verify_reports_no_problem_and_a_witness_for_every_rule() -> None:
    report = verify(generated=10, seconds=1)
    assert report.problems == ()
    assert all(report.witnesses.values())
