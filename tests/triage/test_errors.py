"""Costly bad input is cheap to refuse: problems are capped, quoted briefly, and searched in bounded time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from rules.vocabulary import LONGEST_MATCHABLE, NEAREST_CUTOFF, Q, nearest_question
from triage import IntakeError, parse_intake
from triage.cli import main
from triage.errors import MAX_LISTED, SHOWN_CHARS


def caught(data: object) -> IntakeError:
    with pytest.raises(IntakeError) as error:
        parse_intake(data)  # type: ignore[arg-type]
    return error.value


def test_many_unknown_answer_keys_list_the_first_twenty_and_count_the_rest() -> None:
    error = caught({"answers": {f"k{i:05d}": "yes" for i in range(5000)}})
    assert len(error.problems) == MAX_LISTED
    assert [p.path for p in error.problems] == [f"answers.k{i:05d}" for i in range(MAX_LISTED)]
    assert error.more == 5000 - MAX_LISTED
    assert error.count == 5000
    assert error.message.endswith(f"; and {5000 - MAX_LISTED} more")


def test_many_unknown_top_level_keys_are_capped_too() -> None:
    error = caught({f"field{i}": 1 for i in range(3000)})
    assert len(error.problems) == MAX_LISTED
    assert error.count == 3000


def test_known_fields_with_bad_values_are_still_listed_among_many_unknown_keys() -> None:
    answers: dict[str, object] = {f"k{i}": None for i in range(1000)}
    answers.update(sitting_pain=True, pain_severity=11)
    error = caught({"age": 300, "answers": answers})
    paths = {p.path for p in error.problems}
    assert {"age", "answers.sitting_pain", "answers.pain_severity"} <= paths
    assert error.count == 1003


def test_bad_values_beyond_the_cap_are_counted() -> None:
    error = caught({"answers": {q.value: "maybe" for q in Q}})
    assert len(error.problems) == MAX_LISTED
    assert error.count == len(Q)


def test_a_long_unknown_key_is_quoted_only_as_a_short_prefix() -> None:
    key = "sit_bone_pain_" + "x" * 100_000
    (problem,) = caught({"answers": {key: "yes"}}).problems
    assert problem.loc == ("answers", key[:SHOWN_CHARS] + "…")
    assert len(problem.message) < SHOWN_CHARS + 40
    assert problem.suggestion is None


def test_a_huge_number_is_quoted_only_as_a_short_prefix() -> None:
    (problem,) = caught({"answers": {"duration_weeks": 10**4000}}).problems
    assert problem.type == "number_out_of_range"
    assert len(problem.message) < SHOWN_CHARS + 60


def test_a_mistyped_id_still_gets_the_nearest_valid_id() -> None:
    assert nearest_question("sit_bone_pian") == "sit_bone_pain"
    assert nearest_question("SITTING_PAIN") == "sitting_pain"
    assert nearest_question("k0001") is None


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=LONGEST_MATCHABLE + 1))
def test_a_key_too_long_to_search_could_not_have_matched_any_id(name: str) -> None:
    best = max(fuzz.ratio(name, q.value) for q in Q)
    assert best < NEAREST_CUTOFF
    assert nearest_question(name) is None


def test_the_cli_prints_the_first_problems_and_how_many_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"answers": {f"k{i}": "yes" for i in range(500)}}))
    assert main(["assess", str(path)]) == 2
    printed = capsys.readouterr().err
    assert printed.count("is not a question id") == MAX_LISTED
    assert f"and {500 - MAX_LISTED} more" in printed


def test_a_long_repeated_key_is_quoted_only_as_a_short_prefix() -> None:
    from triage.files.strict_json import loads

    key = "k" * 10_000
    text = json.dumps({"answers": {key: "yes"}}).replace('"yes"', '"yes", "' + key + '": "no"')
    parsed = loads(text, on_repeat="mark")
    (problem,) = caught(parsed).problems
    assert problem.type == "duplicate_key"
    assert problem.loc == ("answers", key[:SHOWN_CHARS] + "…")
    assert len(problem.message) < SHOWN_CHARS + 60
