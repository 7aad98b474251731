"""The project's annotated set, read by the reader: the targets and the safety checks hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.paths import ROOT
from triage.errors import AnnotatedSetError
from triage.freetext.evaluate import evaluate, load

SET = ROOT / "tests" / "cases" / "free_text" / "sentences.ndjson"


def test_the_set_has_at_least_200_sentences_and_meets_the_targets_safely() -> None:
    result = evaluate(load(SET))
    assert result.sentences >= 200
    assert result.unsafe == []
    assert result.overall.precision >= 0.95
    assert result.overall.recall >= 0.90


def test_every_status_and_every_group_is_in_the_set() -> None:
    result = evaluate(load(SET))
    statuses = {"affirmed", "negated", "uncertain", "hypothetical", "other_person", "historical"}
    assert set(result.by_status) == statuses
    assert set(result.by_group) == {"red_flag", "history", "symptom", "examination", "person"}


def _write(tmp_path: Path, *cases: dict[str, object]) -> Path:
    path = tmp_path / "set.ndjson"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return path


def test_a_stated_red_flag_the_reader_misses_is_a_safety_failure(tmp_path: Path) -> None:
    stated = {"id": "saddle_numbness", "value": "yes", "status": "affirmed"}
    result = evaluate(load(_write(tmp_path, {"text": "Hello.", "mentions": [stated]})))
    assert result.unsafe == ["line 1: the red flag saddle_numbness is stated and not read 'yes'"]
    assert (result.overall.recall, result.misses[0].kind) == (0.0, "missed")


def test_a_wrong_reading_counts_against_precision_and_is_listed(tmp_path: Path) -> None:
    result = evaluate(load(_write(tmp_path, {"text": "My back aches.", "mentions": []})))
    assert result.overall.precision == 0.0
    assert [(m.kind, m.mention) for m in result.misses] == [
        ("wrong", ("back_pain", "yes", "affirmed"))
    ]


def test_a_bad_line_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "set.ndjson"
    path.write_text('{"text": "a", "mentions": []}\n{"text": "b"}\n', encoding="utf-8")
    with pytest.raises(AnnotatedSetError, match="line 2"):
        load(path)
