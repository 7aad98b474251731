"""What a screening run produced, counted as it goes: for standard error and for `--summary-json`.

Counts only: rows, levels, red flags, incomplete screens and bad rows (by row number, column and
kind of problem). No answer, value or result of any one person is kept.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rules.scale import Level
from triage.screening.results import BAD_ROWS_NAMED, Screened


@dataclass(frozen=True, slots=True)
class BadRow:
    """A bad row: where it is, and the columns and kinds of its problems."""

    input: str
    row: int
    problems: tuple[str, ...]


@dataclass
class Summary:
    """Running counts of a screening."""

    rows: int = 0
    levels: Counter[str] = field(default_factory=Counter)
    red_flags: int = 0
    incomplete_screens: int = 0
    bad: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    interrupted: bool = False
    failure: str | None = None
    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0

    def add(self, screened: Screened, source: str) -> None:
        """Count the rows of a chunk."""
        self.rows += screened.rows
        self.levels.update(screened.levels)
        self.red_flags += screened.red_flags
        self.incomplete_screens += screened.incomplete_screens
        self.bad += screened.bad
        for number, problems in screened.bad_rows[: BAD_ROWS_NAMED - len(self.bad_rows)]:
            self.bad_rows.append(BadRow(source, number, problems))

    def finish(self) -> None:
        """Stop the clock."""
        self.seconds = time.perf_counter() - self.started

    @property
    def complete(self) -> bool:
        """Whether every row of every input was screened and written."""
        return not self.interrupted and self.failure is None

    @property
    def rows_per_second(self) -> float:
        """Rows screened per second of the whole run."""
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The summary as plain data."""
        return {
            "rows": self.rows,
            "levels": {level.value: self.levels.get(level.value, 0) for level in Level},
            "rows_with_red_flag": self.red_flags,
            "rows_with_incomplete_screen": self.incomplete_screens,
            "bad_rows": self.bad,
            "first_bad_rows": [
                {"input": bad.input, "row": bad.row, "problems": list(bad.problems)}
                for bad in self.bad_rows
            ],
            "complete": self.complete,
            "interrupted": self.interrupted,
            "failure": self.failure,
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows_per_second, 1),
        }

    def text(self) -> str:
        """The summary as lines for standard error."""
        lines = [
            f"Screened {self.rows:,} rows in {self.seconds:.1f} s ({self.rows_per_second:,.0f} rows/s)"
        ]
        for level in Level:
            lines.append(f"  {level.value:<20} {self.levels.get(level.value, 0):>8,}")
        lines.append(f"  {'with a red flag':<20} {self.red_flags:>8,}")
        lines.append(f"  {'screen incomplete':<20} {self.incomplete_screens:>8,}")
        lines.append(f"  {'bad rows':<20} {self.bad:>8,}")
        for bad in self.bad_rows:
            lines.append(f"    {bad.input} row {bad.row}: {'; '.join(bad.problems)}")
        if self.bad > len(self.bad_rows):
            lines.append(
                f"    ... and {self.bad - len(self.bad_rows):,} more (see the error column)"
            )
        if not self.complete:
            lines.append(f"  the output is incomplete: it holds the first {self.rows:,} rows")
        return "\n".join(lines)
