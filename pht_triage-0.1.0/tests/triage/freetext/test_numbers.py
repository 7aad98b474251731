"""Numbers people write: durations in weeks, pain scores, age and sex."""

from __future__ import annotations

import pytest

from triage.freetext import parse


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("It's been going on for a fortnight.", 2),
        ("The pain started 10 days ago.", 1.4),
        ("About 2-3 months now.", 13),
        ("For a year and a half.", 78.2),
        ("Since about six weeks it hurts.", 6),
        ("One and a half years of pain.", 78.2),
        ("Two or three weeks.", 3),
        ("Symptoms 3/12.", 13),
        ("Pain for 2/52.", 2),
        ("sore for 6wks", 6),
    ],
)
def test_a_duration_is_read_in_weeks_and_a_range_at_its_longer_end(text: str, weeks: float) -> None:
    assert parse(text).answers["duration_weeks"] == pytest.approx(weeks, abs=0.1)


@pytest.mark.parametrize(
    "text",
    [
        "I run 4 days a week.",
        "I've been running for 10 years.",
        "I had surgery 3 weeks ago.",
        "I've had a temperature for two days.",
        "My periods stopped a few months ago.",
    ],
)
def test_a_duration_of_something_else_is_not_the_pains(text: str) -> None:
    assert "duration_weeks" not in parse(text).answers


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("The pain is 7/10.", 7),
        ("At its worst it's seven out of ten.", 7),
        ("I'd rate it a 4 out of 10.", 4),
        ("Maybe 6-7/10 after a run.", 7),
        ("It hurts about a five.", 5),
        ("Pain score 5.", 5),
    ],
)
def test_a_pain_score_is_read_and_a_range_at_its_worse_end(text: str, score: int) -> None:
    assert parse(text).answers["pain_severity"] == score


def test_a_number_that_is_not_a_score_is_not_read_as_one() -> None:
    assert "pain_severity" not in parse("It's about a 5 minute walk to work.").answers


@pytest.mark.parametrize(
    ("text", "age", "sex"),
    [
        ("I'm a 34 year old woman.", 34, "female"),
        ("34M runner", 34, "male"),
        ("Female, 52.", 52, "female"),
        ("I'm 40, play hockey.", 40, None),
        ("I'm a keen runner.", None, None),
    ],
)
def test_age_and_sex_are_read_where_the_text_states_them(
    text: str, age: int | None, sex: str | None
) -> None:
    reading = parse(text)
    assert (reading.age, reading.sex) == (age, sex)


def test_an_approximate_duration_is_still_a_duration() -> None:
    reading = parse("Maybe 3 weeks, I'm not sure.")
    assert reading.answers["duration_weeks"] == 3
