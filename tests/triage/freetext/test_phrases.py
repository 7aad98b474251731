"""The phrase pattern language of `triage/locale/phrases.<lang>.json`."""

from __future__ import annotations

import pytest

from triage.errors import PhraseError
from triage.freetext.phrases import compile_phrase

MACROS = {"pain": "[pain|hurts|ache]"}


@pytest.mark.parametrize(
    ("phrase", "text", "matched"),
    [
        ("sit|sitting", "pain when sitting", "sitting"),
        ("[sit bone|ischium] pain", "my sit-bone pain", "sit-bone pain"),
        ("lower? back pain", "back pain", "back pain"),
        ("numb*", "numbness", "numbness"),
        ("{pain} ... chair", "it hurts on a hard chair", "hurts on a hard chair"),
        ("back!of pain", "the back of pain", None),
        ("pain", "painful", None),
    ],
)
def test_a_phrase_matches_whole_words_as_its_pattern_says(
    phrase: str, text: str, matched: str | None
) -> None:
    found = compile_phrase(phrase, MACROS).search(text)
    assert (found.group() if found else None) == matched


def test_a_gap_is_a_capturing_group_and_skips_at_most_four_words() -> None:
    pattern = compile_phrase("{pain} ... chair", MACROS)
    found = pattern.search("pain on a chair")
    assert found is not None
    assert found.group(1) == " on a"
    assert pattern.search("pain when i sit on a chair") is None


@pytest.mark.parametrize(
    "phrase", ["[open", "close]", "... pain", "pain ...", "pain ... [x]?", "{missing} pain"]
)
def test_a_phrase_the_language_cannot_read_is_refused(phrase: str) -> None:
    with pytest.raises(PhraseError):
        compile_phrase(phrase, MACROS)
