"""The English lexicon: every item's phrases keyed by question id, and nothing else in the reader."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from rules.vocabulary import QUESTIONS, Kind, Q
from triage.freetext.lexicon import lexicon


def _raw() -> dict[str, object]:
    text = (resources.files("triage") / "locale" / "phrases.en.json").read_text(encoding="utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def test_every_yes_no_question_has_phrases_and_every_key_is_a_question_id() -> None:
    items = _raw()["items"]
    assert isinstance(items, dict)
    yes_no = {q.value for q, s in QUESTIONS.items() if s.kind is Kind.YES_NO}
    assert set(items) == yes_no
    assert all(entry["phrases"] for entry in items.values())


def test_an_item_yields_only_to_items_that_exist() -> None:
    for item in lexicon().items:
        assert item.yields_to <= set(Q)
        assert item.id not in item.yields_to


def test_a_language_without_a_phrases_file_is_refused_by_name() -> None:
    with pytest.raises(FileNotFoundError, match=r"phrases\.xx\.json"):
        lexicon("xx")
