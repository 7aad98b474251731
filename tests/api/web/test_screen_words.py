"""The screening table's warning signs in words."""

from __future__ import annotations

from api.web.screen import SHOWN
from api.web.screen_words import flag_words, headings, in_words
from rules.red_flags import FLAGS


def test_every_red_flag_has_words_and_one_on_several_answers_names_each() -> None:
    words = flag_words()
    assert all(words[flag.id] for flag in FLAGS)
    assert (
        words["cancer_with_night_pain"]
        == "a past or current cancer and pain at night that does not ease"
    )
    assert in_words({"red_flags": "weight_loss | not_a_flag", "level": "x"}) == {
        "red_flags": "unexplained weight loss; not_a_flag",
        "level": "x",
    }


def test_every_column_the_table_shows_has_a_heading_from_the_locale() -> None:
    assert set(headings()) == set(SHOWN)
    assert headings()["unanswered_red_flags"] == "Warning signs not checked"


def test_a_red_flag_that_rests_on_an_age_says_so_after_its_signs() -> None:
    words = flag_words()
    aged = [f for f in FLAGS if "age" in f.when]
    assert aged
    assert all(words[f.id].endswith(" at this age") for f in aged)
    assert words["fever_in_child"] == "fever or feeling unwell at this age"
