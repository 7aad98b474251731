"""The errors of the triage core: plain data, turned into messages or HTTP responses in one place each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from triage.vocabulary import nearest_question


class TriageError(Exception):
    """Base of every error the triage core raises on purpose."""

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


class IntakeError(TriageError):
    """An intake that does not follow the contract; lists every bad field."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in self.problems))


def field_problems(
    error: ValidationError, prefix: tuple[str | int, ...] = ()
) -> list[FieldProblem]:
    """Turn a pydantic validation error into field problems, suggesting the nearest question id."""
    return problems_from_details(error.errors(include_url=False), prefix)


def problems_from_details(
    details: Iterable[Mapping[str, Any]], prefix: tuple[str | int, ...] = ()
) -> list[FieldProblem]:
    """Field problems from pydantic's error details, as `ValidationError.errors()` lists them."""
    problems = []
    for item in details:
        loc = prefix + tuple(item["loc"])
        if item["type"] == "extra_forbidden":
            problems.append(_unknown_field(loc))
        elif item["type"] == "duplicate_key":
            loc += (item["ctx"]["key"],)
            problems.append(FieldProblem(loc=loc, message=item["msg"], type=item["type"]))
        else:
            problems.append(FieldProblem(loc=loc, message=item["msg"], type=item["type"]))
    return problems


def _unknown_field(loc: tuple[str | int, ...]) -> FieldProblem:
    name = str(loc[-1])
    if "answers" in loc[:-1]:
        suggestion = nearest_question(name)
        message = f"'{name}' is not a question id"
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
        return FieldProblem(loc, message, "unknown_question", suggestion)
    if len(loc) == 1 and nearest_question(name) == name:
        return FieldProblem(
            loc, f"'{name}' is a question: send it inside 'answers'", "misplaced_answer"
        )
    return FieldProblem(loc, f"'{name}' is not a field of this object", "unknown_field")
