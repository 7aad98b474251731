"""`/intake`: the interview as question pages for a patient at home or at reception.

Each page is one question in the GOV.UK question-page pattern; the interview (`triage.interview.next_question`,
the same logic as `/v1/interview`) chooses it. Everything is POST, so no answer is ever in a URL
or an access log, and every answer so far travels in the form: the server keeps nothing. An
emergency shows its care card at once; any other end of the interview shows the answers to
check (each with a change button) before the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from api.web.answers import UNKNOWN, Answers, is_second_answer, items_by_field
from api.web.pages import render
from rules.scale import Level
from rules.vocabulary import Kind, Q
from triage.assessment.pipeline import DISCLAIMER
from triage.errors import FieldProblem, IntakeError
from triage.interview.next_question import InterviewStep, StopReason, next_step
from triage.interview.questionnaire import Item, item_by_id
from triage.texts import question_texts

router = APIRouter(include_in_schema=False)

CAPTIONS = {
    "person": "About you",
    "red_flag": "Warning signs",
    "history": "How it started",
    "symptom": "Your symptoms",
    "examination": "Examination (your physiotherapist or doctor knows these)",
}
"""The caption above a question: the part of the questionnaire it belongs to."""

LABELS = {"yes": "Yes", "no": "No", UNKNOWN: "I don't know"}
SEX_LABELS = {"female": "Female", "male": "Male", "other": "Other", UNKNOWN: "I'd rather not say"}


@dataclass(frozen=True, slots=True)
class Choice:
    """One radio button: its value, its label, whether it is chosen."""

    value: str
    label: str
    checked: bool


@router.get("/intake", response_class=HTMLResponse)
async def start_page() -> Response:
    """The start page: what the questions are for, and a button to begin."""
    return render("start.html", title="Check your buttock and thigh pain")


@router.post("/intake", response_class=HTMLResponse)
async def intake_step(request: Request) -> Response:
    """The next page of the intake, from every answer so far and the button pressed."""
    form = await request.form()
    try:
        answers = Answers.read(_texts(form))
    except IntakeError as error:
        return _refused(error)
    action = _text(form, "action")
    change = _text(form, "change")
    if change:
        if change not in answers.values:
            return _refused(IntakeError([FieldProblem(("change",), "not answered", "unknown")]))
        return _question(answers, items_by_field()[change], answers.values[change], changing=True)
    if action == "back":
        earlier, field, value = answers.without_last()
        if field is None:
            return RedirectResponse("intake", status_code=303)
        return _next(earlier, chosen=(field, value))
    if action == "continue":
        return _answer(form, answers)
    return _next(answers, show_result=action == "result")


def _answer(form: FormData, answers: Answers) -> Response:
    """Take the answer to the question on the page, or show that question again with the error."""
    field = _text(form, "item")
    item = items_by_field().get(field)
    if item is None:
        return _refused(IntakeError([FieldProblem(("item",), "not a question", "unknown")]))
    changing = field in answers.values
    value, message = _given(item, _text(form, "answer"), _text(form, "number").strip())
    if message is not None:
        return _question(answers, item, value, changing=changing, error=message)
    given = answers.with_answer(field, value)
    try:
        step = next_step(given.request())
    except IntakeError as error:
        own = [p.message for p in error.problems if p.path == field]
        if not own:
            return _refused(error)
        return _question(answers, item, value, changing=changing, error=_worded(item, own[0]))
    return _shown(given, step, show_result=False)


def _given(item: Item, answer: str, number: str) -> tuple[str, str | None]:
    """The answer on the form and an error message when there is none or it is not a choice."""
    if item.kind == Kind.NUMBER.value:
        if answer == UNKNOWN and number:
            return number, 'Enter a number or choose "I don\'t know", not both'
        if answer == UNKNOWN:
            return UNKNOWN, None
        if not number:
            return "", f'Enter a number from {_range(item)}, or choose "I don\'t know"'
        try:
            float(number)
        except ValueError:
            return number, f"Enter the number in digits, from {_range(item)}"
        return number, None
    if answer not in (item.choices or ()):
        return "", "Select one answer"
    return answer, None


def _worded(item: Item, message: str) -> str:
    """The core's message on a number, with the range a person can enter."""
    if item.kind == Kind.NUMBER.value:
        return f"Enter a number from {_range(item)} ({message})"
    return message


def _range(item: Item) -> str:
    return f"{_number(item.minimum)} to {_number(item.maximum)}"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _next(
    answers: Answers, *, show_result: bool = False, chosen: tuple[str, str | None] | None = None
) -> Response:
    try:
        step = next_step(answers.request())
    except IntakeError as error:
        return _refused(error)
    return _shown(answers, step, show_result=show_result, chosen=chosen)


def _shown(
    answers: Answers,
    step: InterviewStep,
    *,
    show_result: bool,
    chosen: tuple[str, str | None] | None = None,
) -> Response:
    """The page a step leads to: a question, the answers to check, or the result."""
    if step.question is not None:
        (item,) = step.items()  # this page does not ask for groups yet
        value = chosen[1] if chosen is not None and chosen[0] == item.field else None
        return _question(answers, item, value, step=step)
    if show_result or step.stop_reason is StopReason.EMERGENCY:
        return _result(step)
    return render("check.html", title="Check your answers", answers=answers, rows=_rows(answers))


def _question(
    answers: Answers,
    item: Item,
    value: str | None,
    *,
    step: InterviewStep | None = None,
    changing: bool = False,
    error: str | None = None,
) -> Response:
    """One question page; `changing` when it is reached from the answers to check."""
    number = item.kind == Kind.NUMBER.value
    labels = SEX_LABELS if item.id == "sex" else LABELS
    choices = [Choice(c, labels[c], c == value) for c in (item.choices or ())]
    emergency = step is not None and step.triage.level.is_emergency()
    return render(
        "question.html",
        status_code=200 if error is None else 422,
        title=item.text,
        item=item,
        caption=CAPTIONS.get(item.group, ""),
        repeat=is_second_answer(item.field),
        number=number,
        number_value=value if number and value not in (None, UNKNOWN) else "",
        unknown_checked=number and value == UNKNOWN,
        choices=choices,
        error=error,
        changing=changing,
        answers=answers,
        hidden=[(f, v) for f, v in answers.values.items() if f != item.field or not changing],
        emergency=step.triage if emergency and step is not None else None,
    )


def _rows(answers: Answers) -> list[dict[str, str]]:
    """The answers to check: the question, the answer in words, and the field to change."""
    rows = []
    for field, value in answers.values.items():
        item = items_by_field()[field]
        question = item_by_id()[item.id].text
        if is_second_answer(field):
            question = f"{question} (asked again)"
        rows.append({"field": field, "question": question, "answer": _answer_words(item, value)})
    return rows


def _answer_words(item: Item, value: str) -> str:
    labels = SEX_LABELS if item.id == "sex" else LABELS
    if value in labels:
        return labels[value]
    return f"{value} {item.unit}" if item.unit else value


URGENCY = {Level.CONSULTATION_24: "urgent"}
"""The care card's colour for a level; emergency levels are `emergency`, the rest `non-urgent`."""


def _result(step: InterviewStep) -> Response:
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
        title="Your result",
        urgency=urgency,
        urgency_label={
            "emergency": "Emergency",
            "urgent": "Urgent",
            "non-urgent": "Non-urgent",
        }[urgency],
        triage=step.triage,
        red_flags=step.red_flags,
        assessment=assessment,
        unscreened=unscreened,
        disclaimer=assessment.disclaimer if assessment is not None else DISCLAIMER,
    )


def _refused(error: IntakeError) -> Response:
    """A form that the page did not make (an unknown or repeated field): a 422 naming each."""
    return render(
        "refused.html",
        status_code=422,
        title="This form cannot be read",
        problems=[{"path": p.path, "message": p.message} for p in error.problems],
    )


def _texts(form: FormData) -> list[tuple[str, str]]:
    """The form's text fields (a file where text belongs is read as an empty value)."""
    return [(name, value if isinstance(value, str) else "") for name, value in form.multi_items()]


def _text(form: FormData, name: str) -> str:
    value: Any = form.get(name)
    return value if isinstance(value, str) else ""
