"""The answers to check: one row per group, in few words."""

from __future__ import annotations

from api.web.answers import Answers
from api.web.asking import title
from api.web.checking import Row, rows
from triage.interview.groups import GROUPINGS, REPEAT_GROUP
from triage.texts import group_texts


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


def test_numbers_choices_and_a_lone_item_show_each_answer_in_a_few_words() -> None:
    answers = Answers(
        {
            "age": "34",
            "sex": "unknown",
            "answers.duration_weeks": "6",
            "answers.pain_severity": "unknown",
            "second_answers.night_pain": "no",
        }
    )
    assert rows(answers) == [
        Row(
            "about_you",
            "About you",
            ("Age: 34 years", "Sex: I'd rather not say"),
        ),
        Row(
            "how_long_how_bad",
            "How long and how bad",
            ("Pain for: 6 weeks", "Worst pain in the last week: I don't know"),
        ),
        Row(
            "warning_signs_again",
            "Warning signs asked again",
            ("Pain that wakes you at night and stays when you change position: No",),
        ),
    ]


def test_every_group_of_the_core_has_a_title_in_a_few_words() -> None:
    assert {g.id for g in GROUPINGS} | {REPEAT_GROUP} == set(group_texts())
    assert all(0 < len(text.title) <= 45 for text in group_texts().values())
    assert title("about_you") == "About you"
