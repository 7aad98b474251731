"""The answers to check before the result: one row per group of questions, short enough for a phone.

A row is the group's title and its answers in a few words: the items answered yes by their labels
("Sitting; Running uphill"), "None" when every item is no, "Not sure" when every item is unknown
(and "Not sure: ..." beside other answers); a number or a choice as "Age: 38 years". Each row has
one "Change" button, which opens that group's page again with its answers filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.web.answers import UNKNOWN, Answers, group_of, items_by_field
from api.web.asking import title
from rules.vocabulary import Kind
from triage.interview.questionnaire import Item

LABELS = {"yes": "Yes", "no": "No", UNKNOWN: "I don't know"}
"""The words of a yes/no answer."""

SEX_LABELS = {"female": "Female", "male": "Male", "other": "Other", UNKNOWN: "I'd rather not say"}
"""The words of each answer to `sex`."""


@dataclass(frozen=True, slots=True)
class Row:
    """One group's answers to check: its id (for Change), its title and its lines."""

    group: str
    title: str
    lines: tuple[str, ...]


def rows(answers: Answers) -> list[Row]:
    """The answers to check, one row per group, in the order the groups were asked."""
    by_group: dict[str, dict[str, str]] = {}
    for field, value in answers.values.items():
        by_group.setdefault(group_of(field), {})[field] = value
    return [Row(group, title(group), _lines(values)) for group, values in by_group.items()]


def _lines(values: dict[str, str]) -> tuple[str, ...]:
    items = [items_by_field()[field] for field in values]
    if len(items) == 1 or any(item.kind != Kind.YES_NO.value for item in items):
        return tuple(line(item, values[item.field]) for item in items)
    yes = [item.label for item in items if values[item.field] == "yes"]
    unsure = [item.label for item in items if values[item.field] == UNKNOWN]
    if len(unsure) == len(items):
        return ("Not sure",)
    lines = ["; ".join(yes) if yes else "None"]
    if unsure:
        lines.append(f"Not sure: {'; '.join(unsure)}")
    return tuple(lines)


SHORT = {
    "age": ("Age", "{} years"),
    "sex": ("Sex", "{}"),
    "duration_weeks": ("Pain for", "{} weeks"),
    "pain_severity": ("Worst pain in the last week", "{} out of 10"),
}
"""The items answered with a number or a choice, in a word or two, and how their answer reads."""


def line(item: Item, value: str) -> str:
    """One answer as "name: answer", in few words where `SHORT` has them."""
    name, form = SHORT.get(item.id, (item.label, f"{{}} {item.unit}" if item.unit else "{}"))
    labels = SEX_LABELS if item.id == "sex" else LABELS
    return f"{name}: {labels[value] if value in labels else form.format(value)}"
