"""`triage.errors`: one family of errors, each of its own kind, and costly bad input refused cheaply
(problems capped, quoted briefly, searched in bounded time)."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

import triage
from rules.vocabulary import LONGEST_MATCHABLE, NEAREST_CUTOFF, Q, nearest_question
from tests.error_family import error_classes
from triage import IntakeError, parse_intake
from triage.cli import main
from triage.cli.common import Command
from triage.errors import (
    EXIT_BAD_INPUT,
    MAX_LISTED,
    SHOWN_CHARS,
    CommandError,
    PriorError,
    TextTooLongError,
    TriageError,
)
from triage.freetext import MAX_TEXT_CHARS


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


# --- The error family: one module, one kind per class -------------------------------------------


def _family() -> list[type[TriageError]]:
    return error_classes(triage)


def test_every_error_class_of_the_core_is_defined_in_triage_errors() -> None:
    elsewhere = {
        f"{cls.__module__}.{cls.__name__}" for cls in _family() if cls.__module__ != "triage.errors"
    }
    assert not elsewhere


def test_every_error_class_names_its_own_kind() -> None:
    inherited = [cls.__name__ for cls in _family() if "kind" not in vars(cls)]
    assert not inherited


def test_no_two_error_classes_share_a_kind() -> None:
    kinds = [TriageError.kind] + [cls.kind for cls in _family() if "kind" in vars(cls)]
    assert len(kinds) == len(set(kinds))


def test_kinds_are_stable_slugs() -> None:
    family: list[type[TriageError]] = [TriageError, *_family()]
    for cls in family:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", cls.kind), cls


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (TextTooLongError("the text is 6000 characters; at most 5000"), EXIT_BAD_INPUT),
        (PriorError("prior must be a number strictly between 0 and 1, got 2"), EXIT_BAD_INPUT),
        (CommandError("--jobs must be 1 or more"), EXIT_BAD_INPUT),
        (CommandError("stopped", status=130), 130),
    ],
)
def test_the_cli_prints_any_core_error_on_one_line_with_its_exit_status(
    error: TriageError, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(args: argparse.Namespace) -> int:
        raise error

    command = Command("failing", "always fails", lambda parser: None, failing)
    with patch("triage.cli.commands", return_value=(command,)):
        assert main(["failing"]) == status
    assert capsys.readouterr().err == f"triage failing: {error.message}\n"


def test_a_text_too_long_to_read_is_refused_by_the_cli_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["parse", "x" * (MAX_TEXT_CHARS + 1)]) == EXIT_BAD_INPUT
    printed = capsys.readouterr().err
    assert printed == f"triage parse: the text is {MAX_TEXT_CHARS + 1} characters; at most 5000\n"


@pytest.mark.parametrize("prior", [0, 1, 1.5, float("nan"), float("inf")])
def test_a_prior_outside_zero_to_one_is_refused_naming_it(prior: float) -> None:
    with pytest.raises(PriorError, match="prior must be a number strictly between 0 and 1"):
        triage.assess({"answers": {}}, prior=prior)
