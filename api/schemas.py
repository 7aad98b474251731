"""The service's own request and response models; the assessment itself is the core's model."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from api.problems import Problem
from api.settings import MAX_BATCH_ITEMS
from rules.catalogue import CatalogueEntry
from triage import Assessment, BoundedExtras, RedFlagFound, TriageResult
from triage.interview import (
    GROUP_KIND,
    STOP_ACTIONS,
    InterviewStep,
    Item,
    QuestionGroup,
    StopReason,
)


class QuestionOut(BaseModel):
    """One item of the questionnaire: where its answer goes, how it is answered, and its text."""

    id: str = Field(description="The item's stable id: a question id, or `age` or `sex`.")
    field: str = Field(
        description="Where the answer goes in an intake, e.g. `answers.sitting_pain`."
    )
    group: str = Field(description="person, red_flag, history, symptom or examination.")
    kind: str = Field(description="yes_no, number, or choice (one of `choices`).")
    choices: list[str] | None = Field(description="The accepted answers, for yes_no and choice.")
    minimum: float | None = Field(description="Smallest accepted number, for number items.")
    maximum: float | None = Field(description="Largest accepted number, for number items.")
    unit: str | None = Field(description="The unit of a number item.")
    text: str = Field(description="The question in plain words.")
    why: str = Field(description="Why it is asked, in plain words.")
    order: int = Field(description="Position in the questionnaire, from 0.")
    label: str = Field(description="The item in a few words, for a list of several (a group).")

    @classmethod
    def of(cls, item: Item) -> QuestionOut:
        """The item as the service shows it (the projection the CLI prints too)."""
        return cls(**item.as_data())


class Questionnaire(BaseModel):
    """Every item, in the order a form or an interview asks them."""

    groups: list[str] = Field(description="The groups, in the order they are asked.")
    items: list[QuestionOut]


class InterviewQuestionOut(QuestionOut):
    """The next item of an interview; `repeat` marks a warning-sign question asked a second time."""

    kind: Literal["yes_no", "number", "choice"] = Field(
        description="yes_no, number, or choice (one of `choices`)."
    )
    label: str = Field(description="The item in a few words, for a list of several (a group).")
    repeat: bool = Field(
        description="True when this warning-sign question was answered 'unknown' and is asked "
        "once more; its `field` is then `second_answers.<id>`. Put the answer there (any answer, "
        "'unknown' included): it is never asked a third time."
    )


class QuestionGroupOut(BaseModel):
    """Several items asked in one turn ("Do you have any of these?"), only when `grouped` is true.

    Show the group's `text`, then each item (its `label`, or its `text`). Put each item's answer
    where the item's own `field` says: "yes" for each the person has, "no" for each they do not
    ("none of these" is "no" to each), and "unknown" for each left unanswered. An item left out
    of the next request is not counted as asked and comes back.
    """

    id: str = Field(description="The group's id, e.g. `nerve_warning_signs`.")
    kind: Literal["group"] = Field(description="Always `group`.")
    text: str = Field(description="The group's question in plain words.")
    why: str = Field(description="Why these items are asked, in plain words.")
    repeat: bool = Field(
        description="True when these are warning-sign questions asked a second time; each item's "
        "`field` is then `second_answers.<id>`."
    )
    items: list[InterviewQuestionOut] = Field(description="The items, in the order to show them.")


_STOP_REASON_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {
            "type": "string",
            "enum": [reason.value for reason in StopReason],
            "x-enum-descriptions": [STOP_ACTIONS[reason] for reason in StopReason],
        },
        {"type": "null"},
    ],
    "description": "Why the interview stops (null while it goes on), and what a chatbot does: "
    + " ".join(f"`{reason.value}`: {STOP_ACTIONS[reason]}" for reason in StopReason),
}


class InterviewStepOut(BaseModel):
    """The next question of an interview (or none), whether to stop, and the result so far."""

    question: (
        Annotated[InterviewQuestionOut | QuestionGroupOut, Field(discriminator="kind")] | None
    ) = Field(
        description="The next item to ask, or (only when the request is `grouped`) a group of "
        "items (`kind: group`); null when the interview should stop. Put each answer where its "
        "item's `field` says."
    )
    should_stop: bool = Field(description="True when no further question is needed.")
    stop_reason: Annotated[
        Literal["emergency", "settled", "screen_incomplete"] | None,
        WithJsonSchema(_STOP_REASON_SCHEMA),
    ] = Field(description=_STOP_REASON_SCHEMA["description"])
    reason: str = Field(description="Why this question is asked now, or why the interview stops.")
    asked: list[str] = Field(
        description="Items already in the request (answered, or sent as 'unknown' or null); "
        "they are not asked again, except a warning-sign question left unknown, asked once more."
    )
    asked_twice: list[str] = Field(
        description="Warning-sign questions already asked a second time (the ids in "
        "`second_answers`); they are never asked again."
    )
    triage: TriageResult = Field(description="The triage so far: level, who to see, how soon, why.")
    red_flags: list[RedFlagFound] = Field(description="The red flags found so far.")
    assessment: Assessment | None = Field(
        description="The full assessment so far; null once an emergency is found, when the "
        "result is the triage alone."
    )

    @classmethod
    def of(cls, step: InterviewStep) -> InterviewStepOut:
        """The core's interview step as the service shows it."""
        question: InterviewQuestionOut | QuestionGroupOut | None = None
        if isinstance(step.question, QuestionGroup):
            group = step.question
            question = QuestionGroupOut(
                id=group.id,
                kind=GROUP_KIND,
                text=group.text,
                why=group.why,
                repeat=group.repeat,
                items=[_asked(item, group.repeat) for item in group.items],
            )
        elif step.question is not None:
            question = _asked(step.question, step.repeat)
        return cls(
            question=question,
            should_stop=step.should_stop,
            stop_reason=step.stop_reason.value if step.stop_reason is not None else None,
            reason=step.reason,
            asked=list(step.asked),
            asked_twice=list(step.asked_twice),
            triage=step.triage,
            red_flags=list(step.red_flags),
            assessment=step.assessment,
        )


def _asked(item: Item, repeat: bool) -> InterviewQuestionOut:
    return InterviewQuestionOut.model_validate({**item.as_data(), "repeat": repeat})


BATCH_ITEM_DESCRIPTION = (
    "One intake, as `Intake` describes it. Any value is accepted in its place: an item that is "
    "not a valid intake gets its own problem in `results`, and the others are still assessed."
)
"""What the schema says of a batch item: an intake, though anything is accepted (issue 10)."""


class BatchRequest(BoundedExtras):
    """Up to 1,000 intakes, each assessed on its own."""

    model_config = ConfigDict(extra="forbid")

    intakes: list[Any] = Field(
        max_length=MAX_BATCH_ITEMS,
        description=f"The intakes, at most {MAX_BATCH_ITEMS}. A bad one gets its own error in "
        "its place; the others are still assessed.",
        # Each item is read as an intake only when it is assessed, so that a bad one gets its own
        # error: any value is accepted here, and the schema says so rather than claim `Intake`.
        json_schema_extra={"items": {"description": BATCH_ITEM_DESCRIPTION}},
    )


class BatchItem(BaseModel):
    """The result for one intake of a batch: its assessment, or the problem with it."""

    index: int = Field(description="The intake's position in the request, from 0.")
    assessment: Assessment | None = Field(default=None, description="Present when valid.")
    error: Problem | None = Field(default=None, description="Present when the intake is bad.")


class BatchResult(BaseModel):
    """One result per intake, in the order sent."""

    results: list[BatchItem]
    assessed: int = Field(description="How many intakes were assessed.")
    rejected: int = Field(description="How many intakes were rejected with an error.")


class RuleOut(BaseModel):
    """A rule of the rule base: id, area, plain description, source, and the questions it reads."""

    id: str
    area: str
    description: str
    source: str
    questions: list[str]

    @classmethod
    def of(cls, entry: CatalogueEntry) -> RuleOut:
        """A catalogue entry as the service shows it (the projection the CLI prints too)."""
        return cls(**entry.as_data())


class RuleCatalogue(BaseModel):
    """Every rule of the rule base, area by area."""

    rule_base_version: str
    rules: list[RuleOut]


class Version(BaseModel):
    """The versions behind every answer of the service."""

    app_version: str = Field(description="The version of the pht-triage package.")
    rule_base_version: str = Field(
        description="Bumped whenever a rule, a ratio or a level changes."
    )
    contract: str = Field(description="The version of the public contract.")


class Health(BaseModel):
    """The service is up."""

    status: Literal["ok"] = "ok"
