"""Named test cases read from files: a JSON Lines file, a folder of JSON files, or a CSV table.

A JSON case is a bare intake, or `{"name": ..., "intake": {...}}` where other keys (`description`,
`expect`, ...) are the concern of other readers and are ignored here; a validation case
(`triage validate`) has `id` instead of `name`, which names it here too. A CSV has one row per case and
the columns `age`, `sex` and question ids (and optionally `name`); an empty cell means unknown. A
case without a name is named by its file and line. Every bad case is reported with its name and its
field problems, and nothing is skipped: `load_cases` raises `CaseError` listing them all. A key
given twice in one JSON object, or a column named twice in a CSV header, makes a bad case naming
the key and its line (contract §1): the two values may disagree.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rules.vocabulary import QUESTIONS, Kind
from triage.errors import FieldProblem, IntakeError, TriageError
from triage.files.strict_json import DuplicateKeyError, loads
from triage.models import Intake, parse_intake

SUFFIXES = (".json", ".jsonl", ".csv")
"""The files a folder of cases is searched for, at any depth."""

_NUMERIC_COLUMNS = {"age"} | {q.value for q, spec in QUESTIONS.items() if spec.kind is Kind.NUMBER}


@dataclass(frozen=True, slots=True)
class Case:
    """A named intake and where it was read from."""

    name: str
    intake: Intake
    origin: str


@dataclass(frozen=True, slots=True)
class BadCase:
    """A case that could not be read: its name, where it is, and what is wrong."""

    name: str
    origin: str
    problems: tuple[FieldProblem, ...]
    more: int = 0


class CaseError(TriageError):
    """Some cases could not be read; `bad` lists each with its problems."""

    def __init__(self, bad: list[BadCase]) -> None:
        self.bad = tuple(bad)
        lines = [f"{len(self.bad)} bad case(s):"]
        for case in self.bad:
            lines.append(f"  {case.name} ({case.origin}):")
            lines += [f"    {problem.path}: {problem.message}" for problem in case.problems]
            if case.more:
                lines.append(f"    and {case.more} more")
        super().__init__("\n".join(lines))


@dataclass(frozen=True, slots=True)
class _Raw:
    name: str | None
    default_name: str
    origin: str
    data: Any
    problems: tuple[FieldProblem, ...] = ()


def load_cases(path: Path) -> list[Case]:
    """Read every case at a path (file or folder); raises CaseError naming every bad case."""
    if not path.exists():
        raise TriageError(f"{path} does not exist")
    if path.is_file() and path.suffix not in SUFFIXES:
        raise TriageError(f"{path}: expected a .json, .jsonl or .csv file, or a folder")
    files = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES) if path.is_dir() else [path]
    cases: list[Case] = []
    bad: list[BadCase] = []
    seen: dict[str, str] = {}
    for raw in (raw for file in files for raw in _read(file)):
        name = raw.name or raw.default_name
        try:
            if raw.problems:
                raise IntakeError(raw.problems)
            intake = parse_intake(raw.data)
        except IntakeError as error:
            bad.append(BadCase(name, raw.origin, error.problems, error.more))
            continue
        if name in seen:
            message = f"the name {name!r} is already used by {seen[name]}"
            bad.append(BadCase(name, raw.origin, (FieldProblem(("name",), message, "duplicate"),)))
            continue
        seen[name] = raw.origin
        cases.append(Case(name, intake, raw.origin))
    if bad:
        raise CaseError(bad)
    if not cases:
        raise TriageError(f"no cases found in {path}")
    return cases


def _read(file: Path) -> Iterator[_Raw]:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        yield _unreadable(file.stem, str(file), f"cannot read the file: {error}")
        return
    if file.suffix == ".csv":
        yield from _read_csv(file, text)
    elif file.suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield _case(line, f"{file.stem}:{number}", f"{file}:{number}")
    else:
        yield _case(text, file.stem, str(file), whole_file=True)


def _unreadable(default_name: str, origin: str, message: str) -> _Raw:
    return _Raw(None, default_name, origin, None, (FieldProblem((), message, "case_unreadable"),))


def _case(text: str, default_name: str, origin: str, whole_file: bool = False) -> _Raw:
    try:
        data = loads(text)
    except DuplicateKeyError as error:
        # In a whole file the origin gains the repeated key's line; a JSON Lines origin has it.
        where = f"{origin}:{error.line}" if whole_file and error.line is not None else origin
        return _Raw(None, default_name, where, None, (error.problem(),))
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} at column {error.colno}"
        return _unreadable(default_name, origin, message)
    if isinstance(data, Mapping) and "intake" in data:
        key = "name" if "name" in data else "id"
        name = data.get(key)
        if name is not None and not (isinstance(name, str) and name.strip()):
            return _unreadable(default_name, origin, f"{key!r} must be a non-empty string")
        return _Raw(name, default_name, origin, data["intake"])
    return _Raw(None, default_name, origin, data)


def _read_csv(file: Path, text: str) -> Iterator[_Raw]:
    reader = csv.DictReader(text.splitlines())
    columns = Counter(str(name).strip() for name in reader.fieldnames or ())
    repeated = [name for name, count in columns.items() if name and count > 1]
    if repeated:
        # csv.DictReader keeps the last of two columns with one name: refuse the whole table.
        problems = tuple(
            FieldProblem(
                (name,), f"the column '{name}' is named more than once", "duplicate_column"
            )
            for name in repeated
        )
        yield _Raw(None, file.stem, f"{file}:{reader.line_num}", None, problems)
        return
    for row in reader:
        origin = f"{file}:{reader.line_num}"
        if None in row:
            message = "the row has more cells than the header has columns"
            yield _unreadable(f"{file.stem}:{reader.line_num}", origin, message)
            continue
        values = {
            str(key).strip(): value.strip()
            for key, value in row.items()
            if key is not None and isinstance(value, str) and value.strip()
        }
        name = values.pop("name", None)
        person = {key: _cell(key, values.pop(key)) for key in ("age", "sex") if key in values}
        answers = {key: _cell(key, value) for key, value in values.items()}
        yield _Raw(name, f"{file.stem}:{reader.line_num}", origin, {**person, "answers": answers})


def _cell(column: str, value: str) -> Any:
    """A CSV cell as the JSON value it stands for: numbers for age and numeric questions."""
    if column not in _NUMERIC_COLUMNS:
        return value
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number
