"""`/intake`: the interview as pages for a patient at home or at reception.

Each page asks what one step of the interview asks (`triage.interview.next_question`, the same
logic as `/v1/interview`, with grouped questions): a group of yes/no items as a list to tick, a
group of numbers or choices as one input each, a single item as a question page (`api.web.asking`).
The conversation is a patient's unless the start page was opened for a clinician
(`/intake?audience=clinician`): the audience then travels in the forms. Everything is POST, so no
answer is ever in a URL or an access log, and every answer so far travels in the form: the server
keeps nothing. An emergency shows its care card at once; any other end of the interview shows the
answers to check, one row per group with one "Change" each (`api.web.checking`), before the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from api.web import asking, checking, describing
from api.web.answers import Answers
from api.web.asking import Asked, Filled
from api.web.intake_pages import page, refused, result
from api.web.pages import render
from rules.vocabulary import Audience
from triage import FieldProblem, IntakeError, Triage, message
from triage.interview import InterviewStep, StopReason

router = APIRouter(include_in_schema=False)

PAGES = (6, 12)
"""The pages of questions a conversation usually takes (an emergency stops sooner), as the start
page says; `tests/api/web/test_intake_estimate.py` measures them on the project's cases."""

MINUTES = (3, 11)
"""The minutes a conversation usually takes, reading every word and answering (measured by the
same test, which says how)."""


@dataclass(frozen=True, slots=True)
class Talk:
    """A conversation so far: who holds it, and every answer given."""

    answers: Answers
    audience: Audience
    core: Triage

    def request(self) -> dict[str, Any]:
        """The interview request: every answer, grouped questions, this audience."""
        return {**self.answers.request(), "grouped": True, "audience": self.audience.value}

    def with_answers(self, given: dict[str, str]) -> Talk:
        """This conversation with some answers given or changed."""
        return Talk(self.answers.with_answers(given), self.audience, self.core)

    def step(self) -> InterviewStep:
        """The interview's next step for this conversation."""
        return self.core.next_step(self.request())


@router.get("/intake", response_class=HTMLResponse)
async def start_page(audience: str = Audience.PATIENT.value) -> Response:
    """The start page: what the questions are for, how long they take, and a button to begin."""
    try:
        chosen = _audience(audience)
    except IntakeError as error:
        return refused(error)
    return render(
        "start.html",
        title=message("page_start"),
        describe=message("page_describe"),
        audience=chosen.value,
        pages=PAGES,
        minutes=MINUTES,
    )


@router.post("/intake", response_class=HTMLResponse)
async def intake_step(request: Request) -> Response:
    """The next page of the intake, from every answer so far and the button pressed."""
    form = await request.form()
    try:
        talk = Talk(
            Answers.read(_texts(form)), _audience(_text(form, "audience")), request.app.state.triage
        )
    except IntakeError as error:
        return refused(error)
    action = _text(form, "action")
    change = _text(form, "change")
    try:
        if change:
            asked = asking.asked_again(talk.answers, change)
            filled = asking.filled_with(asked, talk.answers.values)
            return page(talk.answers, talk.audience, asked, filled, changing=True)
        if action == "back":
            earlier, removed = talk.answers.without_last_page()
            back = Talk(earlier, talk.audience, talk.core)
            step = back.step() if removed else None
            if step is None or not _asks_again(step, removed):
                # Nothing answered on a page yet (answers kept from a description are not a page).
                return RedirectResponse(_start(talk.audience), status_code=303)
            return _shown(back, step, show_result=False, chosen=removed)
        if action == "continue":
            return _answer(form, talk)
        if action == "describe":
            return describing.describe_page(talk.audience.value, _text(form, describing.TEXT))
        if action == "read":
            return describing.read_page(talk.audience.value, _text(form, describing.TEXT))
        if action == "keep":
            return _next(talk.with_answers(describing.kept(_every(form, describing.KEEP))))
        return _next(talk, show_result=action == "result")
    except IntakeError as error:
        return refused(error)


def _answer(form: FormData, talk: Talk) -> Response:
    """Take the answers on the page, or show the page again with its errors."""
    asked = asking.asked_at(_every(form, "item"))
    changing = any(field in talk.answers.values for field in asked.fields)

    values, errors, filled = asking.read_page(
        asked, lambda name: _text(form, name), lambda name: _every(form, name)
    )
    if errors:
        return page(talk.answers, talk.audience, asked, filled, changing=changing, errors=errors)
    given = talk.with_answers(values)
    try:
        step = given.step()
    except IntakeError as error:
        own = {p.path: _worded(asked, p) for p in error.problems if p.path in asked.fields}
        if not own:
            raise
        return page(talk.answers, talk.audience, asked, filled, changing=changing, errors=own)
    return _shown(given, step, show_result=False)


def _worded(asked: Asked, problem: FieldProblem) -> str:
    """The core's message on a number, with the range a person can enter."""
    item = next(i for i in asked.items if i.field == problem.path)
    if item.minimum is None:
        return problem.message
    worded = message(
        "error_number_out_of_range", range=asking.number_range(item), problem=problem.message
    )
    return worded if asked.style == asking.QUESTION else f"{item.label}: {worded}"


def _next(
    talk: Talk, *, show_result: bool = False, chosen: dict[str, str] | None = None
) -> Response:
    step = talk.step()
    return _shown(talk, step, show_result=show_result, chosen=chosen)


def _shown(
    talk: Talk,
    step: InterviewStep,
    *,
    show_result: bool,
    chosen: dict[str, str] | None = None,
) -> Response:
    """The page a step leads to: a question, the answers to check, or the result."""
    if step.question is not None:
        asked = asking.asked_by(step.question)
        filled = asking.filled_with(asked, chosen or {}) if chosen else Filled()
        return page(talk.answers, talk.audience, asked, filled, step=step)
    if show_result or step.stop_reason is StopReason.EMERGENCY:
        return result(step)
    return render(
        "check.html",
        title=message("page_check"),
        answers=talk.answers,
        audience=talk.audience.value,
        rows=checking.rows(talk.answers),
    )


def _asks_again(step: InterviewStep, removed: dict[str, str]) -> bool:
    """Whether a step asks again the answers Back removed (a page's, not a description's)."""
    if step.question is None:
        return True
    return bool(set(asking.asked_by(step.question).fields) & set(removed))


def _audience(value: str) -> Audience:
    """The audience a form or the start page's address names; patient when none."""
    try:
        return Audience(value or Audience.PATIENT.value)
    except ValueError:
        choices = ", ".join(a.value for a in Audience)
        problem = FieldProblem(("audience",), f"expected one of {choices}", "enum")
        raise IntakeError([problem]) from None


def _start(audience: Audience) -> str:
    return "intake" if audience is Audience.PATIENT else f"intake?audience={audience.value}"


def _texts(form: FormData) -> list[tuple[str, str]]:
    """The form's text fields (a file where text belongs is read as an empty value)."""
    return [(name, value if isinstance(value, str) else "") for name, value in form.multi_items()]


def _text(form: FormData, name: str) -> str:
    value: Any = form.get(name)
    return value if isinstance(value, str) else ""


def _every(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)]
