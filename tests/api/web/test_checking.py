"""The answers to check: one row per group, in few words."""

from __future__ import annotations

from api.web.answers import Answers
from api.web.checking import Row, rows


def test_a_list_shows_the_items_answered_yes_by_their_labels() -> None:
    answers = Answers(
        {
            "answers.sitting_pain": "yes",
            "answers.acceleration_pain": "no",
            "answers.hill_lunge_pain": "yes",
        }
    )
    (row,) = rows(answers)
    assert row.group == "what_brings_it_on" and row.title == "What brings the pain on"
    assert row.lines == (
        "Sitting, especially on hard seats or when driving; "
        "Running uphill, lunging, squatting deeply or bending forward",
    )


def test_none_not_sure_and_the_unsure_ones_beside_other_answers() -> None:
    answers = Answers(
        {
            "answers.breathless_or_chest_pain": "no",
            "answers.calf_thigh_swelling": "no",
            "answers.sudden_onset": "unknown",
            "answers.felt_pop": "unknown",
            "answers.thigh_bruising": "unknown",
            "answers.sit_bone_pain": "yes",
            "answers.calf_pain": "unknown",
            "answers.back_pain": "no",
        }
    )
    assert [row.lines for row in rows(answers)] == [
        ("None",),
        ("Not sure",),
        (
            "Deep in the crease of the buttock, at the sit bone",
            "Not sure: An aching pain or tightness in the calf (not a shooting pain)",
        ),
    ]


def test_numbers_choices_and_a_lone_item_show_each_answer_with_its_label() -> None:
    answers = Answers(
        {
            "age": "34",
            "sex": "unknown",
            "answers.duration_weeks": "6",
            "second_answers.night_pain": "no",
        }
    )
    assert rows(answers) == [
        Row(
            "about_you",
            "About you",
            ("Your age, in whole years: 34 years", "Your sex: I'd rather not say"),
        ),
        Row(
            "how_long_how_bad",
            "How long and how bad",
            ("How many weeks you have had the pain: 6 weeks",),
        ),
        Row(
            "warning_signs_again",
            "Warning signs asked again",
            ("Pain that wakes you at night and stays when you change position: No",),
        ),
    ]
