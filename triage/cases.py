"""Named test cases read from files: a JSON Lines file, a folder of JSON files, or a CSV table.

A JSON case is a bare intake, or `{"name": ..., "intake": {...}}` where other keys (`description`,
`expect`, ...) are the concern of other readers and are ignored here; a validation case
(`triage validate`) has `id` instead of `name`, which names it here too. A CSV has one row per case and
the columns `age`, `sex` and question ids (and optionally `name`); an empty cell means unknown. A
case without a name is named by its file and line. Every bad case is reported with its name and its
field problems, and nothing is skipped: `load_cases` raises `CaseError` listing them all.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.errors import FieldProblem, IntakeError, TriageError
from triage.models import Intake, parse_intake
from triage.vocabulary import QUESTIONS, Kind

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


class CaseError(TriageError):
    """Some cases could not be read; `bad` lists each with its problems."""

    def __init__(self, bad: list[BadCase]) -> None:
        self.bad = tuple(bad)
        lines = [f"{len(self.bad)} bad case(s):"]
        for case in self.bad:
            lines.append(f"  {case.name} ({case.origin}):")
            lines += [f"    {problem.path}: {problem.message}" for problem in case.problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True, slots=True)
class _Raw:
    name: str | None
    default_name: str
    origin: str
    data: Any
    problem: str | None = None


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
            if raw.problem is not None:
                raise IntakeError([FieldProblem((), raw.problem, "case_unreadable")])
            intake = parse_intake(raw.data)
        except IntakeError as error:
            bad.append(BadCase(name, raw.origin, error.problems))
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
        yield _Raw(None, file.stem, str(file), None, f"cannot read the file: {error}")
        return
    if file.suffix == ".csv":
        yield from _read_csv(file, text)
    elif file.suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield _case(_json(line), f"{file.stem}:{number}", f"{file}:{number}")
    else:
        yield _case(_json(text), file.stem, str(file))


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        return _Unreadable(f"not valid JSON: {error.msg} at column {error.colno}")


@dataclass(frozen=True, slots=True)
class _Unreadable:
    message: str


def _case(data: Any, default_name: str, origin: str) -> _Raw:
    if isinstance(data, _Unreadable):
        return _Raw(None, default_name, origin, None, data.message)
    if isinstance(data, Mapping) and "intake" in data:
        key = "name" if "name" in data else "id"
        name = data.get(key)
        if name is not None and not (isinstance(name, str) and name.strip()):
            return _Raw(None, default_name, origin, None, f"{key!r} must be a non-empty string")
        return _Raw(name, default_name, origin, data["intake"])
    return _Raw(None, default_name, origin, data)


def _read_csv(file: Path, text: str) -> Iterator[_Raw]:
    reader = csv.DictReader(text.splitlines())
    for row in reader:
        origin = f"{file}:{reader.line_num}"
        if None in row:
            message = "the row has more cells than the header has columns"
            yield _Raw(None, f"{file.stem}:{reader.line_num}", origin, None, message)
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
