"""One page of the intake: what it asks (one item, or a group), how it shows it, and how its form
reads back into answers.

A group of yes/no items is a list of checkboxes in the GOV.UK / NHS way ("Tick all that apply",
then "None of these" and "I don't know" below an "or"). A ticked item is "yes"; when any is
ticked, the ones left unticked are "no" (the person read the list and ticked what they have);
"None of these" is "no" to each; "I don't know", or nothing ticked, is "unknown" to each. Each
item is sent, so none comes back unasked. A group with numbers or a choice (`about_you`,
`how_long_how_bad`), and the clinician's examination tests (an unticked test is not a negative
one), show one input per item. A single item is a question page of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from api.web.answers import UNKNOWN, Answers, group_of, items_by_field
from rules.vocabulary import Kind
from triage import FieldProblem, IntakeError, group_texts, message
from triage.interview import REPEAT_GROUP, Item, Question, QuestionGroup, question_group

QUESTION, CHECKBOXES, INPUTS = "question", "checkboxes", "inputs"
"""How a page shows what it asks: one question, a list to tick, or one input per item."""

NONE = "none"
"""The value of the "None of these" checkbox (that of "I don't know" is `UNKNOWN`)."""

ONE_INPUT_EACH = frozenset({"examination", REPEAT_GROUP})
"""Groups of yes/no items shown as one input each (Yes, No, I don't know): an examination test
left unticked was not necessarily negative (only a clinician is asked them), and a warning sign
asked again because the person did not know must keep "I don't know" as an answer of its own,
sign by sign, rather than become "no" when another sign is ticked."""


def title(group: str) -> str:
    """A group in a few words, from the group's texts."""
    return group_texts()[group].title


@dataclass(frozen=True, slots=True)
class Asked:
    """What one page asks: its group, its words and its items (one or several)."""

    group: str
    text: str
    why: str
    items: tuple[Item, ...]

    @property
    def style(self) -> str:
        """How the page shows it: `QUESTION`, `CHECKBOXES` or `INPUTS`."""
        if len(self.items) == 1:
            return QUESTION
        yes_no = all(i.kind == Kind.YES_NO.value for i in self.items)
        return CHECKBOXES if yes_no and self.group not in ONE_INPUT_EACH else INPUTS

    @property
    def title(self) -> str:
        """The group in a few words."""
        return title(self.group)

    @property
    def repeat(self) -> bool:
        """Whether these are warning-sign questions asked a second time."""
        return self.group == REPEAT_GROUP

    @property
    def fields(self) -> tuple[str, ...]:
        """Where each item's answer goes."""
        return tuple(i.field for i in self.items)


def asked_by(question: Question) -> Asked:
    """What an interview step's question asks."""
    if isinstance(question, QuestionGroup):
        return Asked(question.id, question.text, question.why, question.items)
    return Asked(group_of(question.field), question.text, question.why, (question,))


def asked_at(fields: list[str]) -> Asked:
    """What a page asked, from its `item` fields; raises IntakeError on a form it did not make."""
    known = items_by_field()
    problems = [
        FieldProblem(("item",), f"'{f}' is not a question", "unknown")
        for f in fields
        if f not in known
    ]
    if not fields:
        problems.append(FieldProblem(("item",), "no question on the page", "missing"))
    if problems:
        raise IntakeError(problems)
    groups = {group_of(f) for f in fields}
    if len(groups) != 1 or len(set(fields)) != len(fields):
        raise IntakeError([FieldProblem(("item",), "not the questions of one page", "unknown")])
    found = tuple(known[f] for f in fields)
    if len(found) == 1:
        return asked_by(found[0])
    group = groups.pop()
    return asked_by(question_group(group, found, repeat=group == REPEAT_GROUP))


def asked_again(answers: Answers, group: str) -> Asked:
    """A group already answered, to change; raises IntakeError when none of it is answered."""
    given = list(answers.of_group(group)) if group in group_texts() else []
    if not given:
        raise IntakeError([FieldProblem(("change",), "not answered", "unknown")])
    return asked_at(given)


@dataclass(frozen=True, slots=True)
class Filled:
    """What a page's inputs show: boxes ticked, choices made and numbers typed, by field."""

    ticked: frozenset[str] = frozenset()
    chosen: Mapping[str, str] = field(default_factory=dict)
    numbers: Mapping[str, str] = field(default_factory=dict)


def filled_with(asked: Asked, values: Mapping[str, str]) -> Filled:
    """The page showing answers already given (to change them, or after Back)."""
    given = {f: values[f] for f in asked.fields if f in values}
    if asked.style == CHECKBOXES:
        if not given:
            return Filled()
        found = set(given.values())
        if found == {"no"} and len(given) == len(asked.fields):
            return Filled(ticked=frozenset({NONE}))
        if found == {UNKNOWN}:
            return Filled(ticked=frozenset({UNKNOWN}))
        return Filled(ticked=frozenset(f for f, v in given.items() if v == "yes"))
    numbers = {i.field for i in asked.items if i.kind == Kind.NUMBER.value}
    return Filled(
        chosen={f: v for f, v in given.items() if f not in numbers or v == UNKNOWN},
        numbers={f: v for f, v in given.items() if f in numbers and v != UNKNOWN},
    )


Read = tuple[dict[str, str], dict[str, str], Filled]
"""A page's form read back: the answers, the errors (by field, or `ticked`), what it showed."""


def read_page(asked: Asked, one: Callable[[str], str], every: Callable[[str], list[str]]) -> Read:
    """A page's answers from its form; raises IntakeError on a form the page did not make."""
    if asked.style == CHECKBOXES:
        return _read_ticks(asked, every("ticked"))
    if asked.style == QUESTION:
        item = asked.items[0]
        return _read_inputs(asked, {item.field: (one("answer"), one("number"))}, named=False)
    given = {f: (one(f"answer:{f}"), one(f"number:{f}")) for f in asked.fields}
    return _read_inputs(asked, given, named=True)


def _read_ticks(asked: Asked, ticked: list[str]) -> Read:
    allowed = {*asked.fields, NONE, UNKNOWN}
    strange = [t for t in ticked if t not in allowed]
    if strange:
        raise IntakeError(
            [FieldProblem(("ticked",), f"'{strange[0]}' is not on the page", "unknown")]
        )
    chosen = frozenset(ticked)
    filled = Filled(ticked=chosen)
    items = chosen & set(asked.fields)
    if NONE in chosen and (items or UNKNOWN in chosen):
        return (
            {},
            {"ticked": message("error_none_alone")},
            filled,
        )
    if UNKNOWN in chosen and items:
        return (
            {},
            {"ticked": message("error_unknown_alone")},
            filled,
        )
    if items:
        values = {f: "yes" if f in items else "no" for f in asked.fields}
    else:
        values = dict.fromkeys(asked.fields, "no" if NONE in chosen else UNKNOWN)
    return values, {}, filled


def _read_inputs(asked: Asked, given: dict[str, tuple[str, str]], *, named: bool) -> Read:
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    chosen: dict[str, str] = {}
    numbers: dict[str, str] = {}
    for item in asked.items:
        answer, number = given[item.field]
        number = number.strip()
        value, message = given_answer(item, answer, number)
        if answer:
            chosen[item.field] = answer
        if number:
            numbers[item.field] = number
        if message is None:
            values[item.field] = value
        else:
            errors[item.field] = f"{item.label}: {message}" if named else message
    return values, errors, Filled(chosen=chosen, numbers=numbers)


def given_answer(item: Item, answer: str, number: str) -> tuple[str, str | None]:
    """The answer to one item and an error message when there is none or it is not a choice."""
    if item.kind == Kind.NUMBER.value:
        if answer == UNKNOWN and number:
            return number, message("error_number_and_unknown")
        if answer == UNKNOWN:
            return UNKNOWN, None
        if not number:
            return "", message("error_number_missing", range=number_range(item))
        try:
            float(number)
        except ValueError:
            return number, message("error_number_digits", range=number_range(item))
        return number, None
    if answer not in (item.choices or ()):
        return "", message("error_select_one")
    return answer, None


def number_range(item: Item) -> str:
    """The numbers an item takes, in words ("0 to 120")."""
    return message("number_range", low=_number(item.minimum), high=_number(item.maximum))


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
