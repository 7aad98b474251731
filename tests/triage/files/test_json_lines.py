"""`triage.files.json_lines`: the lines of a JSON Lines file that are not blank, numbered."""

from __future__ import annotations

import io

from triage.files.json_lines import lines


def test_blank_lines_are_skipped_and_the_others_keep_their_line_numbers() -> None:
    stream = io.BytesIO(b'{"a": 1}\n\n  \r\n{"b": 2}\r\n')
    assert list(lines(stream)) == [(1, b'{"a": 1}\n'), (4, b'{"b": 2}\r\n')]


def test_text_lines_are_read_the_same_way() -> None:
    assert list(lines(["", "x", " ", "y"])) == [(2, "x"), (4, "y")]
