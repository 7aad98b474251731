"""A conversation played out: a chatbot answering the interview from a person's answer sheet.

The tests' properties (`triage.devtools.testing`) and the turn counts (`triage turns`) both play
conversations this way; nothing here needs hypothesis.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rules.vocabulary import QUESTIONS, RED_FLAG_QUESTIONS
from triage.core import next_step as _interview_step
from triage.interview.next_question import InterviewStep, parse_request
from triage.models import Intake

INTERVIEW_STEP_LIMIT = len(QUESTIONS) + 2 + len(RED_FLAG_QUESTIONS)
"""The most steps an interview may take: every item (the questions, age and sex) once, and each
warning-sign question once more."""


@dataclass(frozen=True, slots=True)
class Played:
    """One interview played to its end: the items asked in order, the turns (one a step that
    asked something), the last request and step."""

    asked: tuple[str, ...]
    request: dict[str, Any]
    last: InterviewStep
    turns: int = 0

    @property
    def sheet_intake(self) -> Intake:
        """The answers the interview collected, as the assessment reads them."""
        return parse_request(self.request).intake()


def play_interview(
    sheet: Mapping[str, Any],
    next_step: Callable[[dict[str, Any]], InterviewStep] | None = None,
    *,
    conversation: Mapping[str, Any] | None = None,
) -> Played:
    """A chatbot following the interview's protocol: each answer goes where the question's `field`
    says (each item's, in a group), read from `sheet` ("unknown" when the sheet has none; a repeat
    reads the sheet's `second_answers`, else the first answer). `conversation` holds the request's
    conversation fields (`audience`, `grouped`). It stops when the interview says so, or raises
    AssertionError after `INTERVIEW_STEP_LIMIT` steps."""
    step_of = next_step or _next_step
    request: dict[str, Any] = {**(conversation or {}), "answers": {}}
    asked: list[str] = []
    for turn in range(INTERVIEW_STEP_LIMIT + 1):
        step = step_of(request)
        if step.question is None:
            return Played(tuple(asked), request, step, turn)
        for item in step.items():
            asked.append(item.id)
            _record(request, item.field, _sheet_answer(sheet, item.field))
    raise AssertionError(
        f"safety rule 3: the interview did not stop within {INTERVIEW_STEP_LIMIT} steps "
        f"(last asked: {asked[-3:]})"
    )


def _next_step(request: dict[str, Any]) -> InterviewStep:
    return _interview_step(request)


def _sheet_answer(sheet: Mapping[str, Any], field: str) -> Any:
    *parents, name = field.split(".")
    if parents == ["second_answers"]:
        second = sheet.get("second_answers", {}).get(name)
        return second if second is not None else sheet.get("answers", {}).get(name, "unknown")
    if parents:
        return sheet.get("answers", {}).get(name, "unknown")
    return sheet.get(name)


def _record(request: dict[str, Any], field: str, value: Any) -> None:
    *parents, name = field.split(".")
    target = request
    for parent in parents:
        target = target.setdefault(parent, {})
    target[name] = value


def full_request(sheet: Mapping[str, Any], unasked: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The sheet as one request: every answer but those never asked of this person, and a second
    answer to each warning sign whose first answer is unknown (the only ones asked again)."""
    request: dict[str, Any] = {k: v for k, v in sheet.items() if k in ("age", "sex")}
    answers = sheet.get("answers", {})
    request["answers"] = {k: v for k, v in answers.items() if k not in unasked}
    request["second_answers"] = {
        q.value: _sheet_answer(sheet, f"second_answers.{q.value}")
        for q in RED_FLAG_QUESTIONS
        if request["answers"].get(q.value) in (None, "unknown")
    }
    return request
