"""`triage.assessment.trace` and `triage assess --trace`: each firing with its rule and the facts it matched."""

from __future__ import annotations

import io
import json

import pytest

from triage import evaluate
from triage.assessment.trace import trace, trace_text
from triage.cli import main

INTAKE = {"age": 15, "answers": {"sudden_onset": "yes", "sit_bone_pain": "yes", "back_pain": "no"}}


def test_steps_follow_the_firings_in_order_with_descriptions() -> None:
    evaluation = evaluate(INTAKE)
    steps = trace(evaluation.firings)
    assert [step.rule for step in steps] == [firing.rule for firing in evaluation.firings]
    assert [step.number for step in steps] == list(range(1, len(steps) + 1))
    assert all(step.description for step in steps)


def test_an_answers_fact_shows_only_the_answers_its_rule_reads() -> None:
    steps = trace(evaluate(INTAKE).firings)
    step = next(s for s in steps if s.rule == "red_flag_adolescent_avulsion")
    assert step.facts == ({"fact": "Answers", "sudden_onset": "yes", "age": 15},)


def test_a_derived_fact_shows_the_rule_that_declared_it() -> None:
    steps = trace(evaluate(INTAKE).firings)
    step = next(s for s in steps if s.rule == "differential_from_red_flag")
    assert step.facts[0]["fact"] == "RedFlag"
    assert step.facts[0]["rule"] == "red_flag_adolescent_avulsion"


def test_text_numbers_each_firing_and_shows_matched_facts() -> None:
    text = trace_text(trace(evaluate(INTAKE).firings))
    assert "  1. " in text
    assert "matched Answers(sudden_onset=yes, age=15)" in text
    assert "from red_flag_adolescent_avulsion" in text


def _stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(INTAKE)))


def test_assess_trace_as_json_adds_a_trace_array(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch)
    assert main(["assess", "-", "--trace"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [step["rule"] for step in data["trace"]] == data["explanation"]["fired_rules"]
    assert data["trace"][0]["step"] == 1
    assert data["trace"][0]["facts"][0]["fact"] == "Answers"


def test_assess_trace_as_text_follows_the_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch)
    assert main(["assess", "-", "--format", "text", "--trace"]) == 0
    out = capsys.readouterr().out
    assert "\nTrace (" in out
    assert "red_flag_adolescent_avulsion" in out.split("Trace (")[1]


def test_assess_without_trace_has_no_trace(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch)
    assert main(["assess", "-"]) == 0
    assert "trace" not in json.loads(capsys.readouterr().out)
