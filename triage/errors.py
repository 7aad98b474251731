"""The errors of the triage core: plain data, turned into messages or HTTP responses in one place each.

Every error the core raises on purpose is a `TriageError` defined here, and each class names its
`kind`: a stable slug that the service maps to an HTTP status in one table (`api.problems`) and
that the command line turns into a message and an exit status in one place (`triage.cli.main`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import ValidationError

from rules.vocabulary import nearest_question

MAX_LISTED = 20
"""The most field problems an error lists; the rest are only counted, so that bad input costs little."""

SHOWN_CHARS = 40
"""The longest prefix of a bad key or value that a problem quotes (longer ones end in `…`)."""

_MESSAGE_CHARS = 200
"""A backstop: no message of a field problem is longer than this."""

MORE_PROBLEMS = "more_problems"
"""The type of the validation detail that counts problems left out before validation (`ctx.count`)."""

EXIT_BAD_INPUT = 2
"""The exit status of a command refused for its input, its options or its files."""


class TriageError(Exception):
    """Base of every error the triage core raises on purpose; each subclass sets its own `kind`."""

    kind: ClassVar[str] = "invalid-input"
    """A stable slug naming the error's kind; the service maps it to an HTTP status."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One bad field of an input: where it is, what is wrong, and a suggestion when one helps."""

    loc: tuple[str | int, ...]
    message: str
    type: str
    suggestion: str | None = field(default=None)

    @property
    def path(self) -> str:
        """The field's dotted path, e.g. `answers.sit_bone_pain`."""
        return ".".join(str(part) for part in self.loc) or "(body)"


@dataclass(frozen=True, slots=True)
class FieldProblems:
    """The first `MAX_LISTED` problems of an input, and how many more there were."""

    listed: tuple[FieldProblem, ...]
    more: int = 0


class IntakeError(TriageError):
    """An intake that does not follow the contract: its first `MAX_LISTED` bad fields, and a count of the rest."""

    kind: ClassVar[str] = "invalid-intake"

    def __init__(self, problems: Sequence[FieldProblem], more: int = 0) -> None:
        self.problems = tuple(problems[:MAX_LISTED])
        self.more = more + max(0, len(problems) - MAX_LISTED)
        message = "; ".join(f"{p.path}: {p.message}" for p in self.problems)
        if self.more:
            message += f"; and {self.more} more"
        super().__init__(message)

    @classmethod
    def of(cls, found: FieldProblems) -> IntakeError:
        """The error for a set of field problems."""
        return cls(found.listed, found.more)

    @property
    def count(self) -> int:
        """How many bad fields there were, listed or not."""
        return len(self.problems) + self.more


class CdsRequestError(TriageError):
    """A CDS Hooks request that does not follow the specification, naming each bad field."""

    kind: ClassVar[str] = "invalid-cds-request"

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = tuple(problems)


class MissingPrefetchError(TriageError):
    """A CDS Hooks request without the prefetch the service needs and never fetches itself."""

    kind: ClassVar[str] = "missing-prefetch"


class TextTooLongError(TriageError):
    """A free text longer than the reader reads (`triage.freetext.MAX_TEXT_CHARS`)."""

    kind: ClassVar[str] = "text-too-long"


class PhraseError(TriageError):
    """A phrase that the pattern language cannot read: a fault in a locale file, not in input."""

    kind: ClassVar[str] = "invalid-phrase"


class AnnotatedSetError(TriageError):
    """An annotated set of sentences for the free-text reader with a line that cannot be read."""

    kind: ClassVar[str] = "invalid-annotated-set"


class PriorError(TriageError):
    """A prior probability given to an assessment that is not a number strictly between 0 and 1."""

    kind: ClassVar[str] = "invalid-prior"


class SettingFileError(TriageError):
    """A file a setting names (API keys, trusted CDS issuers) that is unreadable or unusable."""

    kind: ClassVar[str] = "invalid-setting-file"


class CommandError(TriageError):
    """A failure the command line reports in one line and an exit status."""

    kind: ClassVar[str] = "command-failed"

    def __init__(self, message: str, status: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.status = status


def shown(text: str) -> str:
    """A bad key or value as a problem quotes it: at most `SHOWN_CHARS` characters."""
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def field_problems(error: ValidationError, prefix: tuple[str | int, ...] = ()) -> FieldProblems:
    """Turn a pydantic validation error into field problems, suggesting the nearest question id."""
    return problems_from_details(error.errors(include_url=False), prefix)


def problems_from_details(
    details: Iterable[Mapping[str, Any]], prefix: tuple[str | int, ...] = ()
) -> FieldProblems:
    """Field problems from pydantic's error details, as `ValidationError.errors()` lists them.

    Only the first `MAX_LISTED` are described (the "did you mean" search runs for those alone);
    the rest, and those that `BoundedExtras` left out before validation, are counted.
    """
    listed: list[FieldProblem] = []
    more = 0
    for item in details:
        if item["type"] == MORE_PROBLEMS:
            more += int(item.get("ctx", {}).get("count", 0))
        elif len(listed) == MAX_LISTED:
            more += 1
        elif item["type"] == "extra_forbidden":
            listed.append(_unknown_field(prefix + tuple(item["loc"])))
        elif item["type"] == "duplicate_key":
            key = str(item["ctx"]["key"])
            message = str(item["msg"]).replace(key, shown(key))[:_MESSAGE_CHARS]
            listed.append(
                FieldProblem((*prefix, *item["loc"], shown(key)), message, "duplicate_key")
            )
        else:
            message = str(item["msg"])[:_MESSAGE_CHARS]
            listed.append(FieldProblem(prefix + tuple(item["loc"]), message, item["type"]))
    return FieldProblems(tuple(listed), more)


def _unknown_field(loc: tuple[str | int, ...]) -> FieldProblem:
    key = str(loc[-1])
    name = shown(key)
    loc = (*loc[:-1], name)
    if "answers" in loc[:-1]:
        suggestion = nearest_question(key)
        message = f"'{name}' is not a question id"
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
        return FieldProblem(loc, message, "unknown_question", suggestion)
    if len(loc) == 1 and nearest_question(key) == key:
        return FieldProblem(
            loc, f"'{name}' is a question: send it inside 'answers'", "misplaced_answer"
        )
    return FieldProblem(loc, f"'{name}' is not a field of this object", "unknown_field")


# Intake files


def repeated_message(key: str, where: str = "") -> str:
    """How a repeated key is described, everywhere; `where` says where, when the path does not."""
    return f"'{shown(key)}' is given more than once{where}; send each key once"


class SourceError(TriageError):
    """An input that cannot be read at all (exit status 2, a 422 from the service)."""

    kind: ClassVar[str] = "unreadable-source"


class TableError(TriageError):
    """A table that cannot be read at all: undecodable, empty, or with a repeated column."""

    kind: ClassVar[str] = "unreadable-table"


class RepeatedColumnError(TableError):
    """A header that names one column twice (in any letter case): the column and the line."""

    kind: ClassVar[str] = "repeated-column"

    def __init__(self, column: str, line: int) -> None:
        self.column = column
        self.line = line
        super().__init__(
            f"the column {column!r} appears more than once; its cells could disagree, "
            "so the file is refused (keep one column of that name)"
        )

    def problem(self) -> FieldProblem:
        """The repeated column as a field problem (type `duplicate_column`)."""
        return FieldProblem((self.column,), self.message, "duplicate_column")


class UnknownColumnsError(TriageError):
    """Columns that are neither `age`, `sex`, a question id, the id column nor kept."""

    kind: ClassVar[str] = "unknown-columns"

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        described = []
        for name in names:
            nearest = nearest_question(name)
            hint = f" (did you mean {nearest!r}?)" if nearest else ""
            described.append(f"{name!r}{hint}")
        super().__init__(
            f"unknown column{'s' if len(names) > 1 else ''} {', '.join(described)}: "
            "columns are age, sex and question ids; carry other columns with --keep NAME"
        )


class DuplicateKeyError(TriageError):
    """A key given more than once in one JSON object: the key, the object's path, and where."""

    kind: ClassVar[str] = "duplicate-key"

    def __init__(
        self,
        key: str,
        path: tuple[str | int, ...] = (),
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.key = key
        self.path = path
        self.line = line
        self.column = column
        where = f" in '{'.'.join(str(part) for part in path)}'" if path else ""
        at = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(repeated_message(key, where + at))

    @property
    def loc(self) -> tuple[str | int, ...]:
        """The repeated key's own path, e.g. `("answers", "saddle_numbness")`."""
        return (*self.path, self.key)

    def problem(self, prefix: tuple[str | int, ...] = ()) -> FieldProblem:
        """The repeated key as a field problem (type `duplicate_key`), its path under `prefix`."""
        loc = (*prefix, *self.path, shown(self.key))
        return FieldProblem(loc, repeated_message(self.key), "duplicate_key")


class CaseFileError(TriageError):
    """A path of case files that cannot be used: missing, of another kind, or with no cases."""

    kind: ClassVar[str] = "unusable-case-files"


@dataclass(frozen=True, slots=True)
class BadCase:
    """A case that could not be read: its name, where it is, and what is wrong."""

    name: str
    origin: str
    problems: tuple[FieldProblem, ...]
    more: int = 0


class CaseError(TriageError):
    """Some cases could not be read; `bad` lists each with its problems."""

    kind: ClassVar[str] = "bad-cases"

    def __init__(self, bad: Sequence[BadCase]) -> None:
        self.bad = tuple(bad)
        lines = [f"{len(self.bad)} bad case(s):"]
        for case in self.bad:
            lines.append(f"  {case.name} ({case.origin}):")
            lines += [f"    {problem.path}: {problem.message}" for problem in case.problems]
            if case.more:
                lines.append(f"    and {case.more} more")
        super().__init__("\n".join(lines))


@dataclass(frozen=True, slots=True)
class LineProblem:
    """One thing wrong in a validation file: where (file and line), which field, and what."""

    origin: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.field}: {self.message}"


class ValidationFileError(TriageError):
    """A validation file that cannot be used; `problems` lists every bad line and field."""

    kind: ClassVar[str] = "bad-validation-cases"

    def __init__(self, problems: Sequence[LineProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the validation cases:"]
        super().__init__("\n".join([*lines, *(f"  {p}" for p in self.problems)]))
