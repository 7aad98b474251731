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
from triage import form_texts, item_text, message
from triage.interview import Item


def answer_words(item: Item) -> dict[str, str]:
    """The words of each answer to an item: its own (those of `sex`), else yes, no, I don't know."""
    return item_text(item.id).choices or form_texts().answers


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
        return (message("check_not_sure"),)
    lines = ["; ".join(yes) if yes else message("check_none")]
    if unsure:
        lines.append(message("check_not_sure_of", labels="; ".join(unsure)))
    return tuple(lines)


def line(item: Item, value: str) -> str:
    """One answer as "name: answer", in few words where the item's texts have them (`short`)."""
    text = item_text(item.id)
    form = text.answer or (f"{{}} {item.unit}" if item.unit else "{}")
    words = answer_words(item)
    return f"{text.short or item.label}: {words[value] if value in words else form.format(value)}"
