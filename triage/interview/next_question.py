"""The interview: which item a chatbot asks next, and when it stops (contract §5, rule 3).

It is stateless: each call gets every answer so far. The red-flag screen comes first, in the
contract's order, and an emergency stops the interview at once. After the screen, an item is worth
asking when its answer could change the triage level (alone or with the other open answers) or the
likelihood band (alone); the most impactful is asked first, level before band and questions a person
can answer before examination findings, and the interview stops when no remaining item could.

Every interview ends: no item is asked more than twice. An item counts as asked once it is in the
request, even as `"unknown"` (or `null`); the assessment reads that as unknown, exactly as if it were
left out. The one item asked twice is a warning-sign question first answered unknown: right after
the first pass through the screen, it is asked once more (`repeat`), with a text that says why it
matters and that "I don't know" is a fine answer, and with its answer to go in `second_answers`
(the question's `field` says so). A request is all the client has, so `second_answers` is how the
interview knows a question has been asked twice: once an id is there, it is never asked again.
When nothing else is worth asking and a warning sign is still unknown, the interview stops with
`screen_incomplete`; the assessment already allows for it (never home care; the reasons name it).

Only the current intake goes through the engine. What the other answers would do is read from the
rule base itself (`triage.interview.foresight`): its level rules' conditions and the levels they
declare, and the likelihood ratios and differential signs its rules declare.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import ConfigDict, Field, ValidationError

from rules.vocabulary import QUESTIONS, RED_FLAG_QUESTIONS, Audience, Q, YesNo
from triage.errors import FieldProblem, IntakeError, field_problems
from triage.interview.foresight import LEVEL_TIER, Outlook, Tables, outlook
from triage.interview.groups import (
    REPEAT_GROUP,
    QuestionGroup,
    grouping_of,
    members_of,
    question_group,
)
from triage.interview.questionnaire import Item, item_by_id, items
from triage.models import (
    Assessment,
    Intake,
    RedFlagFound,
    TriageResult,
    answers_model,
)
from triage.texts import question_texts

_ONE_SEX_ITEMS = frozenset(q.value for q, question in QUESTIONS.items() if question.not_for_sexes)
"""The items that can apply to one sex only (they wait for the sex to be asked)."""

SECOND_ANSWERS = "second_answers"
"""The request field that holds the answers to warning-sign questions asked a second time."""


class StopReason(StrEnum):
    """Why the interview stops; each value tells a chatbot what to do next."""

    EMERGENCY = "emergency"
    """A red flag calls for emergency care: show the triage at once and end the conversation."""
    SETTLED = "settled"
    """Every warning sign is answered and no other answer could change the result: show it."""
    SCREEN_INCOMPLETE = "screen_incomplete"
    """Some warning signs stay unknown after being asked twice: show the result, which already
    allows for them (never home care), and say that a professional should check them."""


STOP_ACTIONS: dict[StopReason, str] = {
    StopReason.EMERGENCY: "Show the triage (who to see, how soon) now and end the conversation; "
    "do not ask anything more.",
    StopReason.SETTLED: "Show the assessment: the triage, the reasons and the advice.",
    StopReason.SCREEN_INCOMPLETE: "Show the assessment, and say which warning signs could not be "
    "checked (`assessment.red_flag_screen.unanswered`): a professional should check them. Do not "
    "ask those questions again.",
}
"""What a chatbot does at each stop reason (also in the README and the OpenAPI description)."""


if TYPE_CHECKING:
    from pydantic import BaseModel as SecondAnswers
else:
    SecondAnswers = answers_model(
        "SecondAnswers",
        (QUESTIONS[q] for q in RED_FLAG_QUESTIONS),
        "Answers to warning-sign questions asked a second time, keyed by question id.",
    )


class InterviewRequest(Intake):
    """Every answer so far, and the answers to warning-sign questions asked a second time.

    A client that never gets a repeated question sends an intake alone, as before.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    audience: Audience = Field(
        default=Audience.PATIENT,
        description="Who answers: `patient` (the default) is never asked an examination item, "
        "which then counts as not done; `clinician` is asked them, last.",
    )
    grouped: bool = Field(
        default=False,
        strict=True,
        description="True to get grouped questions: a question of kind `group` asks several "
        "items in one turn. Put each item's answer where its own `field` says, 'unknown' for an "
        "item left unanswered (\"none of these\" is 'no' to each). Without it, one item a turn.",
    )
    second_answers: SecondAnswers = Field(
        default_factory=SecondAnswers,
        description="The answers to warning-sign questions the interview asked a second time "
        "(`repeat: true`), keyed by question id; put each where the question's `field` says. "
        "An id here is never asked again.",
    )

    def asked_twice(self) -> frozenset[str]:
        """The warning-sign questions asked a second time."""
        return frozenset(self.second_answers.model_fields_set)

    def intake(self) -> Intake:
        """The intake to assess: each warning sign with the more telling of its two answers.

        A second answer stands for an unknown first one. Should the two disagree (a client that
        sent a second answer after a known first one), "yes" wins: a warning sign reported once
        is a warning sign, and the level then allows for it.
        """
        second = {
            name: value
            for name in self.second_answers.model_fields_set
            if (value := getattr(self.second_answers, name)) is not None
            and getattr(self.answers, name) in (None, YesNo.NO)
        }
        own = self.model_fields_set - _CONVERSATION_FIELDS
        if not second:
            return Intake.model_construct(
                own,
                age=self.age,
                sex=self.sex,
                answers=self.answers,
            )
        answers = self.answers.model_copy(update=second)
        answers.__pydantic_fields_set__ = set(self.answers.model_fields_set) | set(second)
        return Intake.model_construct(
            own | {"answers"},
            age=self.age,
            sex=self.sex,
            answers=answers,
        )


_CONVERSATION_FIELDS = frozenset({SECOND_ANSWERS, "audience", "grouped"})
"""The request fields about the conversation rather than the person."""


def parse_request(data: InterviewRequest | Intake | Mapping[str, Any]) -> InterviewRequest:
    """An interview request from a model or a mapping; raises IntakeError naming every bad field."""
    if isinstance(data, InterviewRequest):
        return data
    if isinstance(data, Intake):
        data = data.model_dump(exclude_unset=True)
    if not isinstance(data, Mapping):
        kind = type(data).__name__
        raise IntakeError([FieldProblem((), f"expected an object, got {kind}", "object_expected")])
    try:
        return InterviewRequest.model_validate(data)
    except ValidationError as error:
        found = field_problems(error)
        raise IntakeError([_worded(p) for p in found.listed], found.more) from None


def _worded(problem: FieldProblem) -> FieldProblem:
    """An id in `second_answers` that is not a warning-sign question says so."""
    if problem.loc[:1] == (SECOND_ANSWERS,) and problem.type in (
        "unknown_field",
        "unknown_question",
    ):
        name = str(problem.loc[-1])
        return FieldProblem(
            problem.loc,
            f"'{name}' is not a warning-sign question; only those are asked a second time",
            "not_repeatable",
        )
    return problem


Question = Item | QuestionGroup
"""What one turn asks: one item, or a group of items (only when the request is `grouped`)."""


@dataclass(frozen=True, slots=True)
class InterviewStep:
    """The next question to ask (or None), whether to stop, why, and the result so far.

    `repeat` is True when the question is a warning-sign question asked a second time (or a group
    of them); its `field` (each item's, in a group) then points into `second_answers`. On an
    emergency `assessment` is None: the result is the triage alone (level, who to see, how soon,
    and the red flags behind it), so that nothing distracts from getting help now.
    """

    question: Question | None
    repeat: bool
    should_stop: bool
    stop_reason: StopReason | None
    reason: str
    asked: tuple[str, ...]
    asked_twice: tuple[str, ...]
    triage: TriageResult
    red_flags: tuple[RedFlagFound, ...]
    assessment: Assessment | None

    def items(self) -> tuple[Item, ...]:
        """The items this step asks: the question's own, or none when it stops."""
        if self.question is None:
            return ()
        if isinstance(self.question, QuestionGroup):
            return self.question.items
        return (self.question,)


@dataclass(frozen=True, slots=True)
class _Conversation:
    """One request's conversation: what was asked, and what may be asked of this person."""

    request: InterviewRequest
    intake: Intake
    assessment: Assessment
    asked: frozenset[str]
    twice: frozenset[str]
    closed: frozenset[str]
    """Items never asked now: those asked, and those that do not apply to this person."""

    def open_members(self, item_id: str) -> tuple[Item, ...]:
        """The items of an item's group still to ask, in the group's order (without those that
        wait for the person's sex, unless it is the item itself)."""
        members = members_of(grouping_of()[item_id])
        return tuple(
            m
            for m in members
            if m.id not in self.closed and (m.id == item_id or not self.waits_for_sex(m.id))
        )

    def waits_for_sex(self, item_id: str) -> bool:
        """Whether an item applies to one sex only and the sex has not been asked yet: it is
        asked only after the sex, so that no one is asked what cannot apply to them."""
        return item_id in _ONE_SEX_ITEMS and "sex" not in self.asked

    def ask(self, item_id: str, reason: str) -> InterviewStep:
        """A step asking an item (its group's open items, when grouped); the sex first when the
        item waits for it."""
        if self.waits_for_sex(item_id):
            item_id, reason = "sex", f"{reason} It applies to one sex only, so the sex comes first."
        if self.request.grouped:
            return self.step(_grouped(self.open_members(item_id)), reason)
        return self.step(item_by_id()[item_id], reason)

    def step(
        self,
        question: Question | None,
        reason: str,
        stop: StopReason | None = None,
        *,
        repeat: bool = False,
    ) -> InterviewStep:
        return _step(self.assessment, self.asked, self.twice, question, reason, stop, repeat=repeat)


class Interviewer(Protocol):
    """What an interview step needs of the core (a `triage.Triage` is one): an assessment, and
    the foresight tables of its rule base."""

    @property
    def tables(self) -> Tables:
        """What each rule could still change."""
        ...

    def assess(
        self, intake: Intake, *, prior: float | None = None, audience: Audience | None = None
    ) -> Assessment:
        """The assessment of an intake."""
        ...


def interview_step(
    request: InterviewRequest | Intake | Mapping[str, Any],
    core: Interviewer,
    *,
    prior: float | None = None,
) -> InterviewStep:
    """The next step of an interview, given every answer so far; raises IntakeError on bad input.

    Both the assessment and the foresight of what each answer could change are read from `core`,
    its settings and its rule base (`Triage.next_step` calls this).
    """
    parsed = parse_request(request)
    intake = parsed.intake()
    assessment = core.assess(intake, prior=prior, audience=parsed.audience)
    twice = parsed.asked_twice()
    asked = asked_items(intake) | twice
    talk = _Conversation(
        parsed, intake, assessment, asked, twice, asked | not_asked_of(parsed.audience, intake.sex)
    )
    if assessment.triage.level.is_emergency():
        return _emergency_step(talk, core.tables)
    screen = [q.value for q in RED_FLAG_QUESTIONS if q.value not in asked]
    if screen:
        reason = "Warning-sign screen: every warning-sign question is asked first."
        if parsed.grouped:
            return talk.step(_grouped(talk.open_members(screen[0])), reason)
        return talk.step(item_by_id()[screen[0]], reason)
    again = [q for q in assessment.red_flag_screen.unanswered if q.value not in twice]
    if again:
        if parsed.grouped and len(again) > 1:
            group = question_group(REPEAT_GROUP, tuple(repeated(q) for q in again), repeat=True)
            reason = (
                'These warning-sign questions were answered "I don\'t know"; they are asked once '
                f"more, and each answer goes in {SECOND_ANSWERS}.<id>, as its field says."
            )
            return talk.step(group, reason, repeat=True)
        reason = (
            'This warning-sign question was answered "I don\'t know"; it is asked once more, and '
            f"its answer goes in {SECOND_ANSWERS}.{again[0].value}."
        )
        return talk.step(repeated(again[0]), reason, repeat=True)
    view = outlook(intake, talk.closed, assessment, core.tables)
    best = _most_impactful(view)
    if best is not None:
        return talk.ask(best, view.reasons[best])
    if not assessment.red_flag_screen.complete:
        return talk.step(
            None,
            "Some warning signs are still unknown after being asked twice, and no other question "
            "could change the result; the triage allows for them.",
            StopReason.SCREEN_INCOMPLETE,
        )
    return talk.step(
        None,
        "No remaining question could change the triage level or the likelihood band.",
        StopReason.SETTLED,
    )


@cache
def not_asked_of(audience: Audience, sex: str | None) -> frozenset[str]:
    """The items never asked of this person: examination items of a patient (contract §6), and
    items that cannot apply to their sex. Each stays unknown, as if it were not done."""
    return frozenset(
        q.value
        for q, question in QUESTIONS.items()
        if not audience.asks(question.group) or not question.applies_to(sex)
    )


def _grouped(members: tuple[Item, ...]) -> Question:
    """Several open items of one group as a group; a single one as itself."""
    if len(members) == 1:
        return members[0]
    return question_group(grouping_of()[members[0].id].id, members)


def repeated(question: Q) -> Item:
    """A warning-sign question as asked the second time: its repeat text, its answer's place."""
    text = question_texts()[question]
    if text.repeat is None or text.repeat_why is None:
        raise LookupError(f"{question.value} has no repeat text in the questionnaire texts")
    return dataclasses.replace(
        item_by_id()[question.value],
        field=f"{SECOND_ANSWERS}.{question.value}",
        text=text.repeat,
        why=text.repeat_why,
    )


def asked_items(intake: Intake) -> frozenset[str]:
    """The items present in an intake, answered or sent as unknown."""
    present = set(intake.answers.model_fields_set)
    present.update(name for name in ("age", "sex") if name in intake.model_fields_set)
    return frozenset(present)


def _emergency_step(talk: _Conversation, tables: Tables) -> InterviewStep:
    """Stop at once, unless some answers could still turn the emergency into a call for an ambulance.

    The most urgent level decides whether the person may travel to hospital themselves, so the
    questions that could settle it (chest pain or breathlessness with a swollen leg) are still
    asked, one at a time, a warning sign answered unknown once more; each step already shows the
    emergency.
    """
    assessment = talk.assessment
    level = assessment.triage.level
    repeatable = {
        q.value for q in assessment.red_flag_screen.unanswered if q.value in talk.asked - talk.twice
    }
    view = outlook(talk.intake, talk.closed - repeatable, assessment, tables)
    best = _most_impactful(view, tier=LEVEL_TIER)
    if best is None:
        return talk.step(
            None,
            f"An emergency was found ({level.value}): stop and get help now.",
            StopReason.EMERGENCY,
        )
    return talk.step(
        repeated(Q(best)) if best in repeatable else item_by_id()[best],
        f"An emergency was found ({level.value}); this question helps decide whether to call an "
        "ambulance. Do not wait for the answer to act on the advice.",
        repeat=best in repeatable,
    )


def _most_impactful(view: Outlook, tier: int | None = None) -> str | None:
    order = {item.id: item.order for item in items()}
    found = [item for item, rank in view.impact.items() if tier is None or rank[0] == tier]
    if not found:
        return None
    return min(found, key=lambda item_id: (view.impact[item_id], order[item_id]))


def _step(
    assessment: Assessment,
    asked: frozenset[str],
    twice: frozenset[str],
    question: Question | None,
    reason: str,
    stop: StopReason | None = None,
    *,
    repeat: bool = False,
) -> InterviewStep:
    emergency = assessment.triage.level.is_emergency()
    return InterviewStep(
        question=question,
        repeat=repeat,
        should_stop=question is None,
        stop_reason=stop,
        reason=reason,
        asked=tuple(item.id for item in items() if item.id in asked),
        asked_twice=tuple(q.value for q in RED_FLAG_QUESTIONS if q.value in twice),
        triage=assessment.triage,
        red_flags=tuple(assessment.red_flags),
        assessment=None if emergency else assessment,
    )
