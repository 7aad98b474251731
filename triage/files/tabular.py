"""A streaming reader of the tables spreadsheets export: CSV in its common dialects.

Spreadsheets write UTF-8 with or without a byte-order mark (Excel adds one), separate cells with
commas, semicolons (where the comma is the decimal mark) or tabs, and end lines with CRLF or LF.
The separator is found by `csv.Sniffer` on the header line alone: column names never contain a
separator, whereas free-text cells further down (a `notes` column) may contain all three. The table
is read row by row, so memory does not grow with the file. A column named twice is refused: its
two cells could disagree, and picking one could hide a red flag.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from triage.errors import RepeatedColumnError, TableError

DELIMITERS = ",;\t"
"""The separators a table may use."""

_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True, slots=True)
class TableRow:
    """One data row: its number (1 for the first row after the header), its line and its cells."""

    number: int
    line: int
    cells: list[str]
    problem: str | None = None


class Table:
    """An open table: its header, separator, and its data rows read one at a time."""

    def __init__(self, stream: IO[bytes]) -> None:
        # `utf-8-sig` drops a byte-order mark when there is one. The stream's lines end at LF, so
        # a CRLF stays whole and the csv module sees line breaks inside quoted cells itself; the
        # stream stays the caller's to close.
        self._lines = codecs.iterdecode(stream, "utf-8-sig")
        header_line = self._read_header_line()
        self.delimiter = _delimiter(header_line)
        try:
            header = next(csv.reader([header_line], delimiter=self.delimiter, strict=True), [])
        except csv.Error as error:
            raise TableError(f"the header row cannot be read as CSV: {error}") from None
        self.columns = [name.strip() for name in header]
        _refuse_repeats(self.columns, self.header_line)
        self._reader = csv.reader(self._lines, delimiter=self.delimiter, strict=True)

    @property
    def dialect(self) -> str:
        """The separator's name: comma, semicolon or tab."""
        return _NAMES[self.delimiter]

    def _read_header_line(self) -> str:
        try:
            line = next(self._lines, "")
            self.header_line = 1
            while line and not line.strip():
                line = next(self._lines, "")
                self.header_line += 1
        except UnicodeDecodeError as error:
            raise TableError(f"the file is not UTF-8 text: {error.reason}") from None
        if not line.strip():
            raise TableError("the file is empty: expected a header row naming the columns")
        return line

    def rows(self) -> Iterator[TableRow]:
        """The data rows in order; fully blank lines are skipped, unreadable ones reported."""
        number = 0
        while True:
            try:
                cells = next(self._reader)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                raise TableError(f"the file is not UTF-8 text: {error.reason}") from None
            except csv.Error as error:
                number += 1
                yield TableRow(number, self._reader.line_num + 1, [], f"unreadable CSV: {error}")
                continue
            if not any(cell.strip() for cell in cells):
                continue
            number += 1
            yield TableRow(number, self._reader.line_num + 1, cells)


def _delimiter(header_line: str) -> str:
    try:
        found: str = csv.Sniffer().sniff(header_line, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","  # a single column: no separator to find
    return found


def _refuse_repeats(columns: list[str], line: int) -> None:
    seen: set[str] = set()
    for name in columns:
        key = name.casefold()
        if key and key in seen:
            raise RepeatedColumnError(name, line)
        seen.add(key)


def open_table(stream: IO[bytes]) -> Table:
    """Open a table from a binary stream; raises TableError when it cannot be read at all."""
    return Table(stream)
