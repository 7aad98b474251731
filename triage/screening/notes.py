"""A notes column read for red flags (`triage screen --text-column NAME`, issue 20, contract §7).

A clinic's form may carry free text ("says she can't feel it when she wipes"). Each row's notes are
read by `triage.freetext`; a red flag they state counts as "yes" for that row, whatever the form's
own cell for it says, and is listed in the output column `red_flags_from_notes`. Nothing else in
the notes changes the form's answers: a denied red flag or a symptom in the notes is not an answer.
The notes themselves are not written to the output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from rules.vocabulary import RED_FLAG_QUESTIONS
from triage.errors import FieldProblem, SourceError
from triage.freetext import MAX_TEXT_CHARS, parse
from triage.models import Intake
from triage.screening.sources import DecodedRow, Decoder, Options, RawRow, Source

NOTES_COLUMN = "red_flags_from_notes"
"""The output column (after the kept ones) listing the red flags a row's notes state."""

_RED_FLAGS = frozenset(q.value for q in RED_FLAG_QUESTIONS)


def options_with_notes(options: Options, column: str) -> Options:
    """The reader's options with the notes column read as a carried column, so it is not refused."""
    if column.casefold() in {name.casefold() for name in options.keep}:
        raise SourceError(f"the notes column {column!r} is read, not kept: leave it out of --keep")
    return replace(options, keep=(*options.keep, column))


def reading_notes(source: Source, column: str) -> Source:
    """The source with each row's notes read for red flags (see the module's docstring)."""
    kept = tuple(name for name in source.kept if name != column)
    return Source(source.rows, NotesDecoder(source.decoder, column), (*kept, NOTES_COLUMN))


@dataclass(frozen=True, slots=True)
class NotesDecoder:
    """Decodes a row with the decoder of its format, then reads its notes for red flags."""

    inner: Decoder
    notes: str

    def decode(self, row: RawRow) -> DecodedRow:
        """The row's intake, with each red flag its notes state answered "yes"."""
        decoded = self.inner.decode(row)
        kept = dict(decoded.kept)
        text = kept.pop(self.notes, "")
        if len(text) > MAX_TEXT_CHARS:
            message = f"the notes are {len(text)} characters; at most {MAX_TEXT_CHARS} are read"
            problem = FieldProblem((self.notes,), message, "text_too_long")
            kept[NOTES_COLUMN] = ""
            return replace(decoded, kept=kept, problems=(*decoded.problems, problem))
        flags = red_flags_stated(text) if text.strip() else ()
        kept[NOTES_COLUMN] = " | ".join(flags)
        data = decoded.data
        if flags and not decoded.problems:
            data = _with_yes(data, flags)
        return replace(decoded, data=data, kept=kept)

    def column(self, problem: FieldProblem) -> str:
        """A problem of the notes is reported under the notes column; others as the format does."""
        if problem.loc == (self.notes,):
            return self.notes
        return self.inner.column(problem)


def red_flags_stated(text: str) -> tuple[str, ...]:
    """The red flags a text states of this person now (each a "yes" answer of its reading)."""
    answers = parse(text).answers
    return tuple(qid for qid, value in answers.items() if qid in _RED_FLAGS and value == "yes")


def _with_yes(data: Any, flags: tuple[str, ...]) -> Any:
    """Intake data with each flag answered "yes"; data of another shape is left for validation."""
    if isinstance(data, Intake):
        data = _as_data(data)
    if not isinstance(data, Mapping):
        return data
    answers = data.get("answers", {})
    if not isinstance(answers, Mapping):
        return data
    return {**data, "answers": {**answers, **dict.fromkeys(flags, "yes")}}


def _as_data(intake: Intake) -> dict[str, Any]:
    """An intake as the data it was read from (validated again by `assess`)."""
    person = {
        key: getattr(intake, key) for key in ("age", "sex") if getattr(intake, key) is not None
    }
    answers = {
        key: value.value if isinstance(value, Enum) else value
        for key, value in intake.answers
        if value is not None
    }
    return {**person, "answers": answers}
