"""One row's result: the assessment (or the row's error) as a line of CSV or of JSON Lines.

Results are formatted where they are computed, in the worker processes, so that only finished
lines travel back to the process that writes them. Lists in a CSV cell are joined with
`LIST_SEPARATOR`. A bad row's error names the column, the problem and the start of the value.
"""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from triage.errors import FieldProblem, IntakeError
from triage.models import Assessment
from triage.screening.sources import DecodedRow, Decoder, RawRow

if TYPE_CHECKING:
    from rules.rulebase import RuleBase
    from triage.engine import EnginePool
    from triage.settings import CoreSettings


class Screens(Protocol):
    """What screening needs of the core (a `triage.Triage` is one): its settings and rule base,
    which worker processes build their own from, its engines and an assessment."""

    @property
    def settings(self) -> CoreSettings:
        """The settings a worker process builds its own with."""
        ...

    @property
    def rule_base(self) -> type[RuleBase]:
        """The rule base a worker process builds its own with."""
        ...

    @property
    def engines(self) -> EnginePool:
        """The engines it runs, warmed when a worker process starts."""
        ...

    def assess(self, intake: Any) -> Assessment:
        """The assessment of an intake."""
        ...


COLUMNS = (
    "id",
    "level",
    "see",
    "within",
    "probability",
    "band",
    "red_flags",
    "screen_complete",
    "unanswered_red_flags",
    "differentials",
    "reasons",
    "error",
)
"""The CSV output's columns, before the kept ones."""

LIST_SEPARATOR = " | "
"""What joins the items of a list in one CSV cell (red flags, differentials, reasons, errors)."""

VALUE_PREFIX = 20
"""How many characters of a bad value an error quotes."""


class OutputFormat(StrEnum):
    """The two output formats."""

    CSV = "csv"
    JSONL = "jsonl"


@dataclass(frozen=True, slots=True)
class Outcome:
    """A row's output line and what the summary counts of it (never its answers)."""

    number: int
    text: str
    level: str | None
    red_flag: bool
    screen_complete: bool
    problems: tuple[str, ...]


BAD_ROWS_NAMED = 5
"""How many bad rows a chunk's counts (and so the summary) name."""


@dataclass(slots=True)
class Screened:
    """Rows screened together: their output lines, joined, and counts of what they came to.

    A worker process hands back one of these a chunk, so that only one string and a few counts
    travel back rather than an object a row.
    """

    text: str = ""
    rows: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    red_flags: int = 0
    incomplete_screens: int = 0
    bad: int = 0
    bad_rows: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    """The first `BAD_ROWS_NAMED` bad rows: each row's number and its problems' columns and kinds."""

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> Screened:
        """The outcomes of rows, in order, joined and counted."""
        screened = cls("".join(outcome.text for outcome in outcomes), len(outcomes))
        levels = screened.levels
        for outcome in outcomes:
            if outcome.level is None:
                screened.bad += 1
                if len(screened.bad_rows) < BAD_ROWS_NAMED:
                    screened.bad_rows.append((outcome.number, outcome.problems))
                continue
            levels[outcome.level] = levels.get(outcome.level, 0) + 1
            screened.red_flags += outcome.red_flag
            screened.incomplete_screens += not outcome.screen_complete
        return screened


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem of a bad row: the column, what is wrong, its kind and the value's start."""

    column: str
    problem: str
    type: str
    value: str | None

    def text(self) -> str:
        """The problem as one phrase for a CSV cell."""
        quoted = f" (value {self.value!r})" if self.value is not None else ""
        return f"{self.column}: {self.problem}{quoted}"


def header(kept: Sequence[str]) -> str:
    """The CSV output's header line."""
    return csv_line([*COLUMNS, *kept])


def csv_line(cells: Sequence[str]) -> str:
    """Cells as one CSV line (quoted as needed, ending in a newline)."""
    writer = getattr(_writers, "writer", None)
    if writer is None:
        writer = _writers.writer = _LineWriter()
    return writer.line(cells)


class _LineWriter:
    """A CSV writer kept for its thread, which hands back each line it writes."""

    def __init__(self) -> None:
        self._line = ""
        self._writer = csv.writer(self, lineterminator="\n")

    def write(self, text: str) -> None:
        """Called by the csv writer once a row, with the row's whole line."""
        self._line = text

    def line(self, cells: Sequence[str]) -> str:
        self._writer.writerow(cells)
        return self._line


_writers = threading.local()


def screen(decoder: Decoder, row: RawRow, output: OutputFormat, core: Screens) -> Outcome:
    """Decode, assess (with `core`) and format one row; a bad row gets its errors in its place."""
    decoded = decoder.decode(row)
    assessment = None
    problems: Sequence[FieldProblem] = decoded.problems
    if not problems:
        try:
            assessment = core.assess(decoded.data)
        except IntakeError as error:
            problems = error.problems
    errors = [_row_error(decoder, decoded, problem) for problem in problems]
    if output is OutputFormat.CSV:
        text = _csv_result(decoded, assessment, errors)
    else:
        text = _json_result(row, decoded, assessment, errors)
    if assessment is None:
        summary = tuple(f"{e.column}: {e.type}" for e in errors)
        return Outcome(row.number, text, None, False, False, summary)
    return Outcome(
        row.number,
        text,
        assessment.triage.level.value,
        bool(assessment.red_flags),
        assessment.red_flag_screen.complete,
        (),
    )


def _row_error(decoder: Decoder, decoded: DecodedRow, problem: FieldProblem) -> RowError:
    column = decoder.column(problem)
    value = decoded.texts.get(column) if problem.loc else None
    if value is not None and len(value) > VALUE_PREFIX:
        value = value[:VALUE_PREFIX] + "…"
    return RowError(column, problem.message, problem.type, value)


def csv_cells(assessment: Assessment) -> list[str]:
    """The assessment's cells of the CSV output, from `level` to `reasons`."""
    triage = assessment.triage
    screen_state = assessment.red_flag_screen
    return [
        triage.level.value,
        triage.see,
        triage.within,
        f"{assessment.likelihood.probability:g}",
        assessment.likelihood.band.value,
        LIST_SEPARATOR.join(flag.id for flag in assessment.red_flags),
        "yes" if screen_state.complete else "no",
        LIST_SEPARATOR.join(q.value for q in screen_state.unanswered),
        LIST_SEPARATOR.join(
            f"{d.condition.value} ({d.support.value})" for d in assessment.differentials
        ),
        LIST_SEPARATOR.join(triage.reasons),
    ]


def _csv_result(decoded: DecodedRow, assessment: Assessment | None, errors: list[RowError]) -> str:
    middle = csv_cells(assessment) if assessment is not None else [""] * (len(COLUMNS) - 2)
    error = LIST_SEPARATOR.join(e.text() for e in errors)
    return csv_line([decoded.id or "", *middle, error, *decoded.kept.values()])


def _json_result(
    row: RawRow, decoded: DecodedRow, assessment: Assessment | None, errors: list[RowError]
) -> str:
    result: dict[str, Any] = {"row": row.number, "line": row.line, "id": decoded.id}
    if decoded.kept:
        result["kept"] = dict(decoded.kept)
    if assessment is not None:
        result["assessment"] = assessment.model_dump(mode="json")
    else:
        result["error"] = {
            "message": LIST_SEPARATOR.join(e.text() for e in errors),
            "problems": [
                {"column": e.column, "problem": e.problem, "type": e.type, "value": e.value}
                for e in errors
            ],
        }
    return json.dumps(result, ensure_ascii=False) + "\n"


def failure_text(output: OutputFormat, message: str, kept: int = 0) -> str:
    """A last line saying that the input broke off there (when the status is already sent)."""
    if output is OutputFormat.CSV:
        return csv_line(["", *[""] * (len(COLUMNS) - 2), f"(input): {message}", *[""] * kept])
    return json.dumps({"error": {"message": message, "problems": []}}, ensure_ascii=False) + "\n"


def incomplete_text(output: OutputFormat, written: int, reason: str, kept: int = 0) -> str:
    """A last line saying that the output stops short, why, and how many rows it holds."""
    rows = f"{written} row was" if written == 1 else f"{written} rows were"
    message = f"the output is incomplete: {reason}; {rows} written before this line"
    return failure_text(output, message, kept)


SCREENING_FAILED = "screening_failed"
"""The kind of problem of a row whose worker process died twice while screening it."""


def failed(decoder: Decoder, row: RawRow, output: OutputFormat, message: str) -> Outcome:
    """A row that could not be screened, reported in its place with its id (never dropped)."""
    try:
        decoded = decoder.decode(row)
    except Exception:  # the id is a courtesy; the row is reported failed either way
        decoded = DecodedRow(None, None, {}, (), {})
    errors = [RowError("(row)", message, SCREENING_FAILED, None)]
    if output is OutputFormat.CSV:
        text = _csv_result(decoded, None, errors)
    else:
        text = _json_result(row, decoded, None, errors)
    return Outcome(row.number, text, None, False, False, (f"(row): {SCREENING_FAILED}",))
