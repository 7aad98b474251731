"""Input formats: each reads a file's rows lazily and says how a worker turns a row into an intake.

A reader opens one binary stream and returns a `Source`: its rows, read one at a time, and a
picklable decoder that a worker process applies to each row (so that parsing cells and JSON runs
on every core, not only on the reading one). Readers are chosen by the file's suffix, or for
standard input by its first byte. To add a format (the FHIR Bundle, say), write a reader with the
signature of `read_csv`, and register it in `READERS` under its suffixes and, if it can be told
from its first bytes, in `sniff_format`.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, Protocol

from triage.errors import FieldProblem, TriageError
from triage.files import strict_json
from triage.files.intake_table import ColumnPlan
from triage.files.strict_json import DuplicateKeyError
from triage.files.tabular import TableRow, open_table


@dataclass(frozen=True, slots=True)
class RawRow:
    """One row as read, before decoding: its number (from 1), its line and its payload."""

    number: int
    line: int
    payload: Any
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class DecodedRow:
    """A row decoded into intake data, with its id, its kept values and its own problems."""

    data: Any
    id: str | None
    kept: Mapping[str, str]
    problems: tuple[FieldProblem, ...]
    texts: Mapping[str, str]
    """The raw text of each field, keyed by the column a problem is reported under."""


class Decoder(Protocol):
    """Turns a raw row into intake data; runs in worker processes, so it must pickle."""

    def decode(self, row: RawRow) -> DecodedRow:
        """The row's intake data, id, kept values and problems."""
        ...

    def column(self, problem: FieldProblem) -> str:
        """The column (or field path) a problem of the intake is reported under."""
        ...


@dataclass(frozen=True, slots=True)
class Source:
    """An open input: its rows, their decoder and the names of the kept columns."""

    rows: Iterator[RawRow]
    decoder: Decoder
    kept: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Options:
    """What the caller says about the inputs: the id column and the columns to carry."""

    id_column: str = "id"
    keep: tuple[str, ...] = ()


class SourceError(TriageError):
    """An input that cannot be read at all (exit status 2)."""


Reader = Callable[[IO[bytes], Options], Source]
"""A reader: a binary stream and the options in, a `Source` out."""


# --- CSV ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CsvDecoder:
    """Decodes a table's cells with its column plan."""

    plan: ColumnPlan

    def decode(self, row: RawRow) -> DecodedRow:
        """The cells as intake data, through the shared table reader."""
        read = self.plan.intake(TableRow(row.number, row.line, row.payload, row.problem))
        return DecodedRow(read.data, read.id, read.kept, read.problems, read.cells)

    def column(self, problem: FieldProblem) -> str:
        """A CSV problem is reported under its column: `answers.x` is column `x`."""
        return str(problem.loc[-1]) if problem.loc else "(row)"


def read_csv(stream: IO[bytes], options: Options) -> Source:
    """A CSV table (any common dialect); unknown columns refuse the file, naming them."""
    try:
        table = open_table(stream)
        plan = ColumnPlan.of(table.columns, id_column=options.id_column, keep=options.keep)
    except TriageError as error:
        raise SourceError(error.message) from None
    _check_kept(options.keep, plan.kept_names)

    def rows() -> Iterator[RawRow]:
        try:
            for row in table.rows():
                yield RawRow(row.number, row.line, row.cells, row.problem)
        except TriageError as error:
            raise SourceError(error.message) from None

    return Source(rows(), CsvDecoder(plan), tuple(options.keep))


def _check_kept(asked: Sequence[str], found: Sequence[str]) -> None:
    missing = sorted({name.casefold() for name in asked} - {n.casefold() for n in found})
    if missing:
        raise SourceError(f"--keep names column(s) the file does not have: {', '.join(missing)}")


# --- JSON Lines and JSON arrays ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JsonDecoder:
    """Decodes JSON rows: an intake object with the id and kept keys beside its fields."""

    id_key: str
    keep: tuple[str, ...]

    def decode(self, row: RawRow) -> DecodedRow:
        """The object's intake fields, its id and its kept keys; bad JSON is the row's problem."""
        data = row.payload
        if row.problem is not None:
            return DecodedRow(None, None, {}, (FieldProblem((), row.problem, "json_invalid"),), {})
        if isinstance(data, bytes | str):
            try:
                data = strict_json.loads(data)
            except DuplicateKeyError as error:
                return DecodedRow(None, None, {}, (error.problem(),), {})
            except ValueError as error:
                problem = FieldProblem((), f"not valid JSON: {error}", "json_invalid")
                return DecodedRow(None, None, {}, (problem,), {})
        if not isinstance(data, dict):
            message = f"expected a JSON object, got {type(data).__name__}"
            return DecodedRow(None, None, {}, (FieldProblem((), message, "object_expected"),), {})
        intake = dict(data)
        row_id = _text(intake.pop(self.id_key)) if self.id_key in intake else None
        kept = {name: _text(intake.pop(name)) if name in intake else "" for name in self.keep}
        return DecodedRow(intake, row_id or None, kept, (), _LazyTexts(intake))

    def column(self, problem: FieldProblem) -> str:
        """A JSON problem is reported under its field path, such as `answers.night_pain`."""
        return problem.path if problem.loc else "(row)"


class _LazyTexts(Mapping[str, str]):
    """The text of a field by its dotted path, looked up only when a problem needs it."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data

    def __getitem__(self, path: str) -> str:
        value: Any = self._data
        for part in path.split("."):
            if not isinstance(value, Mapping) or part not in value:
                raise KeyError(path)
            value = value[part]
        return _text(value)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def read_json_lines(stream: IO[bytes], options: Options) -> Source:
    """JSON Lines: one intake object a line; blank lines are skipped."""

    def rows() -> Iterator[RawRow]:
        number = 0
        for line_number, line in enumerate(stream, start=1):
            if line.strip():
                number += 1
                yield RawRow(number, line_number, line)

    return Source(rows(), JsonDecoder(options.id_column, options.keep), options.keep)


_CHUNK = 1 << 16


def read_json_array(stream: IO[bytes], options: Options) -> Source:
    """A JSON array of intake objects, decoded one element at a time (memory stays flat)."""
    return Source(
        _array_elements(stream), JsonDecoder(options.id_column, options.keep), options.keep
    )


def _array_elements(stream: IO[bytes]) -> Iterator[RawRow]:
    text = _Buffer(stream)
    if text.next_char() != "[":
        raise SourceError("a .json input must be a JSON array of intake objects")
    text.position += 1
    number = 0
    if text.next_char() == "]":
        return
    while True:
        # The element's own text goes to the worker, which parses it as strictly as a JSON Line
        # (a repeated key is the row's error); here it is only measured.
        element = text.next_element()
        if element is None:
            raise SourceError(f"the JSON array breaks off after element {number}")
        number += 1
        yield RawRow(number, number, element)
        separator = text.next_char()
        text.position += 1
        if separator == "]":
            return
        if separator != ",":
            raise SourceError(f"the JSON array breaks off after element {number}")


class _Buffer:
    """A text stream read in chunks, with a position in the part not yet consumed."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._chunks = _text_chunks(stream)
        self._decoder = json.JSONDecoder()
        self.text = ""
        self.position = 0
        self.eof = False

    def _fill(self) -> bool:
        chunk = next(self._chunks, None)
        if chunk is None:
            self.eof = True
            return False
        self.text = self.text[self.position :] + chunk
        self.position = 0
        return True

    def next_char(self) -> str:
        """The next character that is not white space ("" at the end), not consumed."""
        while True:
            while self.position < len(self.text) and self.text[self.position] in " \t\r\n":
                self.position += 1
            if self.position < len(self.text):
                return self.text[self.position]
            if not self._fill():
                return ""

    def next_element(self) -> str | None:
        """The text of the next JSON value, consumed; None when the stream breaks off."""
        self.next_char()
        while True:
            try:
                _, end = self._decoder.raw_decode(self.text, self.position)
            except json.JSONDecodeError:
                if self._fill():
                    continue
                return None
            # A value that ends the buffer may go on in the next chunk (a number, say).
            if end < len(self.text) or not self._fill():
                element = self.text[self.position : end]
                self.position = end
                return element


def _text_chunks(stream: IO[bytes]) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        while chunk := stream.read(_CHUNK):
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise SourceError(f"the file is not UTF-8 text: {error.reason}") from None


READERS: dict[str, Reader] = {
    ".csv": read_csv,
    ".tsv": read_csv,
    ".txt": read_csv,
    ".jsonl": read_json_lines,
    ".ndjson": read_json_lines,
    ".json": read_json_array,
}
"""The reader for each file suffix. Register a new input format here."""


def sniff_format(head: bytes) -> Reader:
    """The reader for a stream with no suffix (standard input), from its first bytes."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"["):
        return read_json_array
    if text.startswith(b"{"):
        return read_json_lines
    return read_csv
