"""Properties of every reading, whatever the text: it never fails, its places point at its words,
and a red flag is never answered "no" (contract §7)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.vocabulary import RED_FLAG_QUESTIONS
from triage.freetext import MAX_TEXT_CHARS, parse

RED_FLAGS = {q.value for q in RED_FLAG_QUESTIONS}

pytestmark = pytest.mark.slow

WORDS = st.sampled_from(
    [
        "no",
        "not",
        "never",
        "maybe",
        "if",
        "my",
        "mum",
        "had",
        "cancer",
        "fever",
        "numb",
        "numbness",
        "groin",
        "wipe",
        "can't",
        "feel",
        "sit",
        "bone",
        "pain",
        "7/10",
        "weeks",
        "months",
        "a",
        "fortnight",
        "3/12",
        "I'm",
        "34",
        "woman",
        "but",
        ",",
        ".",
        "?",
        "and",
        "or",
        "İ",
        "ﬁ",
        "feaver",
        "hammy",
        "used",
        "to",
        "back",
        "pain",
        "both",
        "legs",
        "lost",
        "weight",
        "without",
        "trying",
        "worried",
        "about",
        "sitting",
        "doesn't",
        "hurt",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(WORDS, max_size=60).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_any_text_reads_without_failing_and_places_point_at_the_words(text: str) -> None:
    reading = parse(text[:MAX_TEXT_CHARS])
    for mention in reading.mentions:
        assert 0 <= mention.start <= mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_a_red_flag_is_only_ever_answered_yes(text: str) -> None:
    answers = parse(text).answers
    assert all(answers[q] == "yes" for q in RED_FLAGS & set(answers))


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_adding_a_stated_red_flag_sentence_always_answers_it_yes(text: str) -> None:
    reading = parse(f"{text}. I can't feel it when I wipe.")
    assert reading.answers.get("saddle_numbness") == "yes"
