"""The intake's pages as HTML: a question or group page, the result (the care card), a refusal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.responses import Response

from api.web.answers import UNKNOWN, Answers
from api.web.asking import CHECKBOXES, NONE, QUESTION, Asked, Filled
from api.web.checking import answer_words
from api.web.pages import render
from rules.scale import Level
from rules.vocabulary import Audience, Kind, Q
from triage import IntakeError, form_texts, message, question_texts
from triage.assessment import DISCLAIMER
from triage.interview import InterviewStep, Item


@dataclass(frozen=True, slots=True)
class Choice:
    """One radio button or checkbox: its value, its label, whether it is chosen."""

    value: str
    label: str
    checked: bool


@dataclass(frozen=True, slots=True)
class Input:
    """One item's input on a page of several: its number box or its radios, and its error."""

    index: int
    """Its place on the page, from 1; 0 on a page of one question."""
    item: Item
    number: bool
    number_value: str
    unknown_checked: bool
    choices: list[Choice]
    error: str | None

    @property
    def key(self) -> str:
        """What makes its element ids unique on the page."""
        return f"-{self.index}" if self.index else ""

    @property
    def number_name(self) -> str:
        """The name of its number box."""
        return f"number:{self.item.field}" if self.index else "number"

    @property
    def answer_name(self) -> str:
        """The name of its radios (or of its "I don't know" box, beside a number)."""
        return f"answer:{self.item.field}" if self.index else "answer"

    @property
    def anchor(self) -> str:
        """The id of the input an error links to."""
        return f"number{self.key}" if self.number else f"answer{self.key}-1"


def page(
    answers: Answers,
    audience: Audience,
    asked: Asked,
    filled: Filled,
    *,
    step: InterviewStep | None = None,
    changing: bool = False,
    errors: dict[str, str] | None = None,
) -> Response:
    """The page asking a step's question (or a group to change), with any errors on it."""
    errors = errors or {}
    first = 0 if asked.style == QUESTION else 1
    inputs = [
        _input(n, item, filled, errors.get(item.field)) for n, item in enumerate(asked.items, first)
    ]
    emergency = step is not None and step.triage.level.is_emergency()
    common: dict[str, Any] = {
        "status_code": 200 if not errors else 422,
        "caption": asked.title,
        "changing": changing,
        "answers": answers,
        "audience": audience.value,
        "hidden": list(answers.values.items()),
        "fields": asked.fields,
        "emergency": step.triage if emergency and step is not None else None,
        "answer_words": form_texts().answers,
    }
    if asked.style == QUESTION:
        (one,) = inputs
        return render(
            "question.html",
            title=one.item.text,
            input=one,
            error=one.error,
            listed=[(one.anchor, one.error)] if one.error else [],
            **common,
        )
    if asked.style == CHECKBOXES:
        listed = [("tick-1", errors["ticked"])] if "ticked" in errors else []
    else:
        listed = [(i.anchor, i.error) for i in inputs if i.error is not None]
    boxes = [Choice(i.field, i.label, i.field in filled.ticked) for i in asked.items]
    return render(
        "group.html",
        title=asked.text,
        asked=asked,
        checkboxes=asked.style == CHECKBOXES,
        boxes=boxes,
        none_checked=NONE in filled.ticked,
        unknown_checked=UNKNOWN in filled.ticked,
        inputs=inputs,
        error=listed[0][1] if listed else None,
        listed=listed,
        **common,
    )


def _input(index: int, item: Item, filled: Filled, error: str | None) -> Input:
    number = item.kind == Kind.NUMBER.value
    chosen = filled.chosen.get(item.field)
    labels = answer_words(item)
    if item.group == EXAMINATION:
        labels = {**labels, UNKNOWN: message("answer_not_done")}
    return Input(
        index=index,
        item=item,
        number=number,
        number_value=filled.numbers.get(item.field, "") if number else "",
        unknown_checked=number and chosen == UNKNOWN,
        choices=[Choice(c, labels[c], c == chosen) for c in (item.choices or ())],
        error=error,
    )


EXAMINATION = "examination"
"""The items of an examination test, whose "I don't know" is "Not done" (asked of a clinician)."""

URGENCY = {Level.CONSULTATION_24: "urgent"}
"""The care card's colour for a level; emergency levels are `emergency`, the rest `non-urgent`."""


def result(step: InterviewStep) -> Response:
    """The care card: who to see and how soon first, then why, the red flags and the advice."""
    level = step.triage.level
    urgency = "emergency" if level.is_emergency() else URGENCY.get(level, "non-urgent")
    assessment = step.assessment
    unscreened: list[str] = []
    if assessment is not None:
        texts = question_texts()
        unscreened = [
            texts[Q(q)].sign or texts[Q(q)].text for q in assessment.red_flag_screen.unanswered
        ]
    return render(
        "result.html",
        title=message("page_result"),
        urgency=urgency,
        urgency_label=urgency_label(urgency),
        triage=step.triage,
        red_flags=step.red_flags,
        assessment=assessment,
        unscreened=unscreened,
        disclaimer=assessment.disclaimer if assessment is not None else DISCLAIMER,
    )


def urgency_label(urgency: str) -> str:
    """A care card's or a table row's urgency in a word ("Emergency", "Urgent", "Non-urgent")."""
    return {
        "emergency": message("level_emergency"),
        "urgent": message("level_urgent"),
        "non-urgent": message("level_non_urgent"),
    }[urgency]


def refused(error: IntakeError) -> Response:
    """A form that the page did not make (an unknown or repeated field): a 422 naming each."""
    return render(
        "refused.html",
        status_code=422,
        title=message("page_refused"),
        problems=[{"path": p.path, "message": p.message} for p in error.problems],
    )
