"""The screening table in words: warning signs as a person would say them, not their ids.

The download keeps the ids (it is exactly the `/v1/screenings` CSV); only the table on the page
reads them out. A red flag that rests on one warning sign reads as that sign's `sign`
(`triage/locale/questions.<lang>.json`: "unexplained weight loss"); one that rests on several
answers reads as each of them, joined ("a past or current cancer and pain at night that does
not ease"). An id the table does not know is shown as it is, never dropped.
"""

from __future__ import annotations

import re
from functools import cache, reduce

from rules.red_flags import FLAGS
from rules.vocabulary import QUESTIONS, Kind, Q
from triage import message, question_texts
from triage.screening import LIST_SEPARATOR


@cache
def headings() -> dict[str, str]:
    """The table's column headings; a column carried from the file keeps its own name."""
    return {
        "id": message("column_id"),
        "level": message("column_level"),
        "red_flags": message("column_red_flags"),
        "see": message("column_see"),
        "within": message("column_within"),
        "unanswered_red_flags": message("column_unanswered_red_flags"),
        "error": message("column_error"),
    }


IN_WORDS = frozenset({"red_flags", "unanswered_red_flags"})
"""The columns whose ids are read out in words."""


def question_words(question: Q) -> str:
    """A question in a few words: its warning sign, else its label without the examples."""
    text = question_texts()[question]
    if text.sign:
        return text.sign
    label = re.sub(r"\s*\([^)]*\)", "", text.label)
    first = label.split(" ", 1)[0]
    return label[:1].lower() + label[1:] if "-" not in first else label


@cache
def flag_words() -> dict[str, str]:
    """Each red flag's id and each warning-sign question's id, in words."""
    found = {q.value: question_words(q) for q in QUESTIONS}
    for flag in FLAGS:
        signs = [
            question_words(Q(name))
            for name in flag.when
            if name in found and QUESTIONS[Q(name)].kind is not Kind.NUMBER
        ]
        if flag.id not in found:
            joined = _joined(signs)
            found[flag.id] = (
                message("signs_at_this_age", signs=joined) if "age" in flag.when else joined
            )
    return found


def _joined(signs: list[str]) -> str:
    """Signs in a row: "a and b and c"."""
    if not signs:
        return ""
    return reduce(lambda so_far, sign: message("signs_and", signs=so_far, sign=sign), signs)


def in_words(cells: dict[str, str]) -> dict[str, str]:
    """A result row with its red flags and unchecked warning signs in words."""
    words = flag_words()
    shown = dict(cells)
    for column in IN_WORDS & cells.keys():
        ids = [i for i in cells[column].split(LIST_SEPARATOR) if i]
        shown[column] = "; ".join(words.get(i, i) for i in ids)
    return shown
