"""The screening table's warning signs in words."""

from __future__ import annotations

from api.web.screen_words import flag_words, in_words
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
