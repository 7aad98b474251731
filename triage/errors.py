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
