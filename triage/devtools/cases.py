"""Named test cases read from files: a JSON Lines file, a folder of JSON files, or a CSV table.

A JSON case is a bare intake, or `{"name": ..., "intake": {...}}` where other keys (`description`,
`expect`, ...) are the concern of other readers and are ignored here; a validation case
(`triage validate`) has `id` instead of `name`, which names it here too (the model
`triage.files.case_lines.NamedCase`). A CSV has one row per case and
the columns `age`, `sex` and question ids (and optionally `name`), read by `triage.files` as
`triage screen` reads them; an empty cell means unknown. A
case without a name is named by its file and line. Every bad case is reported with its name and its
field problems, and nothing is skipped: `load_cases` raises `CaseError` listing them all. A key
given twice in one JSON object, or a column named twice in a CSV header, makes a bad case naming
the key and its line (contract §1): the two values may disagree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from triage.errors import (
    BadCase,
    CaseError,
    CaseFileError,
    DuplicateKeyError,
    FieldProblem,
    IntakeError,
    RepeatedColumnError,
    TriageError,
)
from triage.files.case_lines import NamedCase, file_lines, json_problem, problems
from triage.files.intake_table import ColumnPlan
from triage.files.strict_json import loads
from triage.files.tabular import open_table
from triage.models import Intake, parse_intake

SUFFIXES = (".json", ".jsonl", ".csv")
"""The files a folder of cases is searched for, at any depth."""


@dataclass(frozen=True, slots=True)
class Case:
    """A named intake and where it was read from."""

    name: str
    intake: Intake
    origin: str


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
        raise CaseFileError(f"{path} does not exist")
    if path.is_file() and path.suffix not in SUFFIXES:
        raise CaseFileError(f"{path}: expected a .json, .jsonl or .csv file, or a folder")
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
        raise CaseFileError(f"no cases found in {path}")
    return cases


def _read(file: Path) -> Iterator[_Raw]:
    if file.suffix == ".csv":
        yield from _read_csv(file)
        return
    try:
        if file.suffix == ".jsonl":
            numbered = list(file_lines(file))
        else:
            text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        yield _unreadable(file.stem, str(file), f"cannot read the file: {error}")
        return
    if file.suffix == ".jsonl":
        for number, line in numbered:
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
        return _unreadable(default_name, origin, json_problem(error))
    if isinstance(data, Mapping) and "intake" in data:
        try:
            case = NamedCase.model_validate(data)
        except ValidationError as error:
            field, message = problems(error, "")[0]
            return _unreadable(default_name, origin, f"{field!r} {message}")
        return _Raw(case.label, default_name, origin, case.intake)
    return _Raw(None, default_name, origin, data)


def _read_csv(file: Path) -> Iterator[_Raw]:
    """A CSV's rows through the project's one table reader (`triage.files`), named by `name`."""
    try:
        with file.open("rb") as stream:
            table = open_table(stream)
            plan = ColumnPlan.of(table.columns, id_column="name")
            for row in table.rows():
                read = plan.intake(row)
                default_name = f"{file.stem}:{row.line}"
                yield _Raw(read.id, default_name, f"{file}:{row.line}", read.data, read.problems)
    except RepeatedColumnError as error:
        yield _Raw(None, file.stem, f"{file}:{error.line}", None, (error.problem(),))
    except (OSError, TriageError) as error:
        message = error.message if isinstance(error, TriageError) else str(error)
        yield _unreadable(file.stem, str(file), f"cannot read the file: {message}")
