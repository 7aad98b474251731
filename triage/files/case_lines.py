"""Case files' lines as pydantic models: a named case (`triage coverage`) and a validation case.

A named case is `{"name": ..., "intake": {...}}` (or a validation line, named by its `id`); its
other keys (`description`, `expect`, a validation line's levels) belong to other readers and are
ignored here. A validation line (`triage validate`) has exactly the keys of `ValidationLine`: any
other is refused, so that a mistyped key is not silently ignored. Each problem is named by its
field, in the words `problems` gives; the intake itself is left to `triage.models.parse_intake`,
whose field problems name questions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from rules.scale import Condition, Level
from triage.files.json_lines import lines

OTHER_CONDITION = "other"
"""The `condition` of a case whose final diagnosis is not one the rule base knows."""

READ_KEYS = ("id", "intake", "expected_level", "acceptable_levels", "condition")
"""The keys of a validation line that `triage validate` reads."""

NOTE_KEYS = ("citation", "diagnosis", "encoding_note", "level_reasoning")
"""Keys that document a validation case for its readers; accepted, never read."""

_CONDITIONS = frozenset(c.value for c in Condition) | {OTHER_CONDITION}
_LEVELS = ", ".join(level.value for level in Level)


def _name(value: Any) -> str:
    if not (isinstance(value, str) and value.strip()):
        raise ValueError("must be a non-empty string")
    return value


def _level(value: Any) -> Level:
    if isinstance(value, str) and value in Level._value2member_map_:
        return Level(value)
    raise ValueError(f"{value!r} is not a level ({_LEVELS})")


Name = Annotated[str, BeforeValidator(_name)]
LevelId = Annotated[Level, BeforeValidator(_level)]


class NamedCase(BaseModel):
    """A wrapped case: its intake and its name (`name`, else a validation line's `id`)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: Name | None = None
    id: Name | None = None
    intake: Any

    @property
    def label(self) -> str | None:
        """The case's name, if it gives one."""
        return self.name if self.name is not None else self.id


class ValidationLine(BaseModel):
    """One line of a validation file: a case, the level it should get and its final diagnosis."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Name
    intake: Any
    expected_level: LevelId
    acceptable_levels: list[LevelId] | None = None
    condition: str | None = None
    citation: Any = None
    diagnosis: Any = None
    encoding_note: Any = None
    level_reasoning: Any = None

    @field_validator("acceptable_levels", mode="before")
    @classmethod
    def _listed(cls, value: Any) -> Any:
        if not isinstance(value, list) or not value:
            raise ValueError("must be a non-empty list of levels")
        return value

    @field_validator("acceptable_levels")
    @classmethod
    def _with_expected(cls, value: list[Level], info: ValidationInfo) -> list[Level]:
        expected = info.data.get("expected_level")  # absent when it did not validate
        if expected is not None and expected not in value:
            raise ValueError(f"must include expected_level {expected.value!r}")
        return value

    @field_validator("condition")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        if value is not None and value not in _CONDITIONS:
            raise ValueError(f"{value!r} is not a condition id or {OTHER_CONDITION!r}")
        return value

    @property
    def acceptable(self) -> frozenset[Level]:
        """The expected level and every acceptable one."""
        return frozenset([self.expected_level, *(self.acceptable_levels or ())])


def problems(error: ValidationError, unknown: str) -> list[tuple[str, str]]:
    """(field, message) for each problem of a line; `unknown` describes a key not of the model."""
    found = []
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"]) or "(line)"
        if item["type"] == "extra_forbidden":
            message = unknown
        elif item["type"] == "missing":
            message = "is required"
        elif item["type"] == "value_error":
            message = str(item["ctx"]["error"])
        else:
            message = str(item["msg"])
        found.append((field, message))
    return found


def json_problem(error: json.JSONDecodeError) -> str:
    """How a line that is not JSON is described, without quoting it."""
    return f"not valid JSON: {error.msg} at column {error.colno}"


def file_lines(file: Path) -> Iterator[tuple[int, str]]:
    """The lines of a JSON Lines case file that are not blank, with their numbers.

    Raises OSError or UnicodeDecodeError when the file cannot be read as UTF-8 text.
    """
    return lines(file.read_text(encoding="utf-8").splitlines())
