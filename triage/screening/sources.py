"""Input formats: each reads a file's rows lazily and says how a worker turns a row into an intake.

A reader opens one binary stream and returns a `Source`: its rows, read one at a time, and a
picklable decoder that a worker process applies to each row (so that parsing cells and JSON Lines
runs on every core, not only on the reading one; a `.json` document is parsed as it is read, one
element at a time, by `triage.files.json_stream`). Readers are chosen by the file's suffix, or for
standard input by its first bytes. To add a format, write a reader with the signature of
`read_csv`, and register it in `READERS` under its suffixes and, if it can be told from its first
bytes, in `sniff_format`.

FHIR: a `.json` file that is an object is read as a FHIR Bundle whose entries are
QuestionnaireResponses, one row an entry, and a JSON Lines or JSON array row whose object has a
`resourceType` is read as a QuestionnaireResponse (FHIR bulk-data NDJSON); both go through
`triage.fhir.response`, so a bad response's errors name its linkIds. A Bundle entry travels to the
worker as its JSON text (`triage.files.json_bundle`), which the worker parses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, Protocol

from triage.errors import (
    DuplicateKeyError,
    FieldProblem,
    IntakeError,
    SourceError,
    TriageError,
    repeated_message,
)
from triage.fhir import response
from triage.fhir.response import ItemProblem
from triage.files import strict_json
from triage.files.intake_table import ColumnPlan
from triage.files.json_bundle import bundle_entries, entry_value
from triage.files.json_lines import lines
from triage.files.json_stream import Utf8, array_elements, first_repeat
from triage.files.known_cells import KnownCells
from triage.files.strict_json import RepeatedKeys
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


Reader = Callable[[IO[bytes], Options], Source]
"""A reader: a binary stream and the options in, a `Source` out."""


# --- CSV ----------------------------------------------------------------------------------------


class CsvDecoder:
    """Decodes a table's cells with its column plan.

    A row whose every cell is one seen valid before becomes its `Intake` at once (`KnownCells`);
    any other row is read by the shared table reader and validated whole by `assess`.
    """

    __slots__ = ("_known", "plan")

    def __init__(self, plan: ColumnPlan) -> None:
        self.plan = plan
        self._known = KnownCells(plan)

    def __reduce__(self) -> tuple[type[CsvDecoder], tuple[ColumnPlan]]:
        # Only the plan travels to a worker process, which remembers cells of its own.
        return (CsvDecoder, (self.plan,))

    def decode(self, row: RawRow) -> DecodedRow:
        """The cells as an intake, else as intake data through the shared table reader."""
        if row.problem is None:
            intake = self._known.intake(row.payload)
            if intake is not None:
                row_id, kept = self.plan.carried(row.payload)
                return DecodedRow(intake, row_id, kept, (), {})
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
        if isinstance(data, bytes):  # a JSON Line, parsed here, in the worker
            try:
                data = strict_json.loads(data)
            except DuplicateKeyError as error:
                # A resource is read again keeping the repeats, so that they are named by linkId.
                marked = strict_json.loads(data, on_repeat="mark")
                if _is_resource(marked):
                    return decode_response(marked, self.keep)
                return DecodedRow(None, None, {}, (error.problem(),), {})
            except ValueError as error:
                problem = FieldProblem((), f"not valid JSON: {error}", "json_invalid")
                return DecodedRow(None, None, {}, (problem,), {})
        if _is_resource(data):
            return decode_response(data, self.keep)
        repeat = first_repeat(data)  # an element of a JSON array, already parsed
        if repeat is not None:
            return DecodedRow(None, None, {}, (repeat.problem(),), {})
        if not isinstance(data, dict):
            message = f"expected a JSON object, got {type(data).__name__}"
            return DecodedRow(None, None, {}, (FieldProblem((), message, "object_expected"),), {})
        intake = dict(data)
        row_id = _text(intake.pop(self.id_key)) if self.id_key in intake else None
        kept = {name: _text(intake.pop(name)) if name in intake else "" for name in self.keep}
        return DecodedRow(intake, row_id or None, kept, (), _LazyTexts(intake))

    def column(self, problem: FieldProblem) -> str:
        """A JSON problem is reported under its field path, such as `answers.night_pain`."""
        return _fhir_column(problem) if isinstance(problem, ItemProblem) else _json_column(problem)


def _json_column(problem: FieldProblem) -> str:
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

    rows = (RawRow(n, line_number, line) for n, (line_number, line) in enumerate(lines(stream), 1))
    return Source(rows, JsonDecoder(options.id_column, options.keep), options.keep)


def read_json(stream: IO[bytes], options: Options) -> Source:
    """A `.json` file: a JSON array of intakes (or of QuestionnaireResponses), or a FHIR Bundle."""
    text = Utf8(stream)
    if text.first_char() == "{":
        return read_bundle(text, options)
    return read_json_array(text, options)


def read_json_array(stream: IO[bytes] | Utf8, options: Options) -> Source:
    """A JSON array of intake objects, parsed one element at a time (memory stays flat)."""
    elements = array_elements(stream if isinstance(stream, Utf8) else Utf8(stream))
    return Source(_rows(elements), JsonDecoder(options.id_column, options.keep), options.keep)


def read_bundle(stream: IO[bytes] | Utf8, options: Options) -> Source:
    """A FHIR Bundle of QuestionnaireResponses, one entry at a time (memory stays flat)."""
    entries = bundle_entries(stream if isinstance(stream, Utf8) else Utf8(stream))
    return Source(_rows(entries), BundleDecoder(options.keep), options.keep)


def _rows(elements: Iterator[Any]) -> Iterator[RawRow]:
    # An element's line is not known to the streaming parser; its number stands in, as before.
    for number, element in enumerate(elements, start=1):
        yield RawRow(number, number, element)


# --- FHIR: a Bundle of QuestionnaireResponses, or one response a row ----------------------------


@dataclass(frozen=True, slots=True)
class BundleDecoder:
    """Decodes a Bundle entry: its `resource` must be a QuestionnaireResponse."""

    keep: tuple[str, ...]

    def decode(self, row: RawRow) -> DecodedRow:
        """The entry's response as intake data; a bad entry or response is the row's problem."""
        entry = entry_value(row.payload)
        if not isinstance(entry, dict):
            message = f"expected a Bundle entry object, got {type(entry).__name__}"
            return _bad((), message, "object_expected", self.keep)
        if isinstance(entry, RepeatedKeys):
            [key, *_] = entry.repeated
            return _bad((key,), repeated_message(key, " in the entry"), "duplicate_key", self.keep)
        if "resource" not in entry:
            return _bad(("resource",), "the entry holds no resource", "missing", self.keep)
        return decode_response(entry["resource"], self.keep, ("resource",))

    def column(self, problem: FieldProblem) -> str:
        """A response's problem is reported under its FHIRPath, which names the item's linkId."""
        return _fhir_column(problem) if isinstance(problem, ItemProblem) else _entry_column(problem)


def _entry_column(problem: FieldProblem) -> str:
    return f"entry.{problem.path}" if problem.loc else "entry"


def _fhir_column(problem: ItemProblem) -> str:
    return problem.expression or problem.path


def _is_resource(data: Any) -> bool:
    return isinstance(data, dict) and "resourceType" in data


def decode_response(data: Any, keep: Sequence[str], prefix: tuple[str, ...] = ()) -> DecodedRow:
    """A QuestionnaireResponse as a row: its intake, its id (`id`, else `identifier.value`).

    `prefix` is where the resource sits in the row (`resource` in a Bundle entry).
    """
    kept = dict.fromkeys(keep, "")
    row_id = _resource_id(data)
    if not response.is_response(data):
        kind = data.get("resourceType") if isinstance(data, dict) else type(data).__name__
        message = f"expected a {response.RESOURCE}, got {_text(kind)}"
        problem = FieldProblem((*prefix, "resourceType"), message, "wrong_resource")
        return DecodedRow(None, row_id, kept, (problem,), {})
    try:
        intake = response.intake_data(data)
    except IntakeError as error:
        return DecodedRow(None, row_id, kept, error.problems, _item_texts(data, error.problems))
    return DecodedRow(intake, row_id, kept, (), {})


def _bad(loc: tuple[str, ...], message: str, kind: str, keep: Sequence[str]) -> DecodedRow:
    return DecodedRow(None, None, dict.fromkeys(keep, ""), (FieldProblem(loc, message, kind),), {})


def _resource_id(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("id"), str) and data["id"]:
        return str(data["id"])
    identifiers = data.get("identifier")
    for identifier in identifiers if isinstance(identifiers, list) else [identifiers]:
        if isinstance(identifier, dict) and isinstance(identifier.get("value"), str):
            return str(identifier["value"]) or None
    return None


def _item_texts(data: Any, problems: Sequence[FieldProblem]) -> dict[str, str]:
    """The answer each problem of a response points at, keyed by its column (its FHIRPath)."""
    texts = {}
    for problem in problems:
        value = _answer_value(_at(data, problem.loc))
        if isinstance(problem, ItemProblem) and value is not None:
            texts[_fhir_column(problem)] = value
    return texts


def _at(data: Any, loc: Sequence[str | int]) -> Any:
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _answer_value(value: Any) -> str | None:
    if isinstance(value, dict):
        values = [v for k, v in value.items() if k.startswith("value")]
        if len(values) != 1:
            return None
        [value] = values
        if isinstance(value, dict):
            value = value.get("code")
    if value is None or isinstance(value, dict | list):
        return None
    return _text(value)


READERS: dict[str, Reader] = {
    ".csv": read_csv,
    ".tsv": read_csv,
    ".txt": read_csv,
    ".jsonl": read_json_lines,
    ".ndjson": read_json_lines,
    ".json": read_json,
}
"""The reader for each file suffix. Register a new input format here."""


_BUNDLE_START = re.compile(rb'\{\s*"resourceType"\s*:\s*"Bundle"')


def sniff_format(head: bytes) -> Reader:
    """The reader for a stream with no suffix (standard input), from its first bytes.

    A FHIR Bundle is told from JSON Lines by its `resourceType`, which FHIR writes first.
    """
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"["):
        return read_json_array
    if _BUNDLE_START.match(text):
        return read_bundle
    if text.startswith(b"{"):
        return read_json_lines
    return read_csv
