"""The questionnaire as a form or a chatbot presents it: every item, its field, type, choices and text.

The intake has two items that are not question ids, `age` and `sex`; they are presented here beside
the questions so that a clinic form and the interview can ask them like any other item.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from rules.vocabulary import AGE_RANGE, QUESTIONS, SEXES, Kind, YesNo
from triage.texts import person_texts, question_texts

PERSON_GROUP = "person"
"""The group of the two items about the person (age and sex), asked before the questions."""

SEX_CHOICE = "choice"
"""The kind of an item answered by one of a fixed list of words (only `sex`)."""


@dataclass(frozen=True, slots=True)
class Item:
    """One item of the questionnaire: where its answer goes in an intake, and how it is asked."""

    id: str
    field: str
    group: str
    kind: str
    choices: tuple[str, ...] | None
    minimum: float | None
    maximum: float | None
    unit: str | None
    text: str
    why: str
    order: int
    label: str = ""
    """The item in a few words, for a list of several asked together (a group)."""

    def as_data(self) -> dict[str, Any]:
        """The item as the CLI (`triage questions --json`) and the service (`/v1/questions`) show it."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["choices"] = list(self.choices) if self.choices is not None else None
        return data


@cache
def items() -> tuple[Item, ...]:
    """Every item in the order a form or an interview asks them: age, sex, then the questions."""
    texts = question_texts()
    found = [
        Item(
            "age",
            "age",
            PERSON_GROUP,
            Kind.NUMBER.value,
            None,
            *AGE_RANGE,
            "years",
            *_texts("age"),
            0,
            person_texts()["age"].label,
        ),
        Item(
            "sex",
            "sex",
            PERSON_GROUP,
            SEX_CHOICE,
            SEXES,
            None,
            None,
            None,
            *_texts("sex"),
            1,
            person_texts()["sex"].label,
        ),
    ]
    for question in QUESTIONS.values():
        is_number = question.kind is Kind.NUMBER
        found.append(
            Item(
                id=question.id.value,
                field=f"answers.{question.id.value}",
                group=question.group.value,
                kind=question.kind.value,
                choices=None if is_number else tuple(answer.value for answer in YesNo),
                minimum=question.minimum,
                maximum=question.maximum,
                unit=question.unit,
                text=texts[question.id].text,
                why=texts[question.id].why,
                order=len(found),
                label=texts[question.id].label,
            )
        )
    return tuple(found)


@cache
def item_by_id() -> dict[str, Item]:
    """The items keyed by id."""
    return {item.id: item for item in items()}


def _texts(item_id: str) -> tuple[str, str]:
    text = person_texts()[item_id]
    return text.text, text.why
