"""The intake as a FHIR R4 Questionnaire, built from the core's questionnaire projection.

Every item comes from `triage.interview.questionnaire.items()` (ids, kinds, ranges, groups, texts and the
"why we ask" help from the locale); nothing is written here by hand but the FHIR shape. Items are
grouped by section, the warning signs first; `age` and `sex` are items of their own section.

- a yes/no question is a `choice` item whose `answerOption`s are the codes `yes`, `no` and
  `unknown` of the project's CodeSystem (`canonical.ANSWER_SYSTEM`), shown as radio buttons (SDC
  itemControl `radio-button`), as is `sex`;
- a number is an item with the `minValue` and `maxValue` extensions (SDC): `integer` for the age
  (whole years, contract §1), `decimal` for a question's number (2.5 weeks; contract §2 says
  "number"), so that a form lets a person enter a fraction the service reads;
- `sex` is a `choice` item with FHIR's administrative-gender codes and their displays;
- the help is a `display` child item with the itemControl `help` extension (SDC);
- a group of questions asked in one turn (contract §6, the adaptive form's `grouped`) is one `group`
  item with the group's text and help, its questions inside as a single question item has them;
- a question that cannot apply to some sexes (`rules.vocabulary.Question.not_for_sexes`, e.g. the
  menstrual cycle for men) has an `enableWhen` on `sex` for each, all required: a form never
  shows it to them, and shows it while the sex is not known.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from rules.vocabulary import QUESTIONS, Group, Q, YesNo
from triage.fhir import canonical
from triage.fhir.narrative import with_narrative
from triage.fhir.terminology import SEX_DISPLAYS
from triage.interview.groups import GROUPINGS, REPEAT_GROUP
from triage.interview.questionnaire import SEX_CHOICE, Item, items
from triage.texts import form_texts, group_texts

FIRST_SECTION = Group.RED_FLAG.value
"""The section the Questionnaire asks first: the warning signs."""


def sections() -> dict[str, tuple[Item, ...]]:
    """The core's items by section, in the Questionnaire's order: warning signs first."""
    grouped: dict[str, list[Item]] = {FIRST_SECTION: []}
    for item in items():
        grouped.setdefault(item.group, []).append(item)
    return {group: tuple(found) for group, found in grouped.items()}


@cache
def questionnaire() -> dict[str, Any]:
    """The intake Questionnaire (`GET /fhir/Questionnaire/pht-intake`, `triage fhir questionnaire`)."""
    texts = form_texts()
    resource = {
        "resourceType": "Questionnaire",
        "id": canonical.QUESTIONNAIRE_ID,
        "url": canonical.QUESTIONNAIRE_URL,
        "version": canonical.VERSION,
        "name": "PhtIntake",
        "title": texts.title,
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "pht-triage",
        "description": texts.description,
        "item": [section_item(group, found) for group, found in sections().items()],
    }
    lines = [f"{texts.sections[group]}: {len(found)} items" for group, found in sections().items()]
    return with_narrative(resource, texts.title, [texts.description, *lines])


def section_item(group: str, found: tuple[Item, ...]) -> dict[str, Any]:
    """One section as a `group` item holding its questions."""
    return {
        "linkId": group,
        "type": "group",
        "text": form_texts().sections[group],
        "item": [question_item(item) for item in found],
    }


GROUP_IDS = frozenset([*(grouping.id for grouping in GROUPINGS), REPEAT_GROUP])
"""The ids of the groups of questions (contract §6) a grouped adaptive form issues."""


def group_id_of(link_id: str) -> str | None:
    """The group a group item's linkId names (`<group>`, or `<group>.<n>`, n >= 2, for the n-th
    time that group is asked); None for any other linkId."""
    if link_id in GROUP_IDS:
        return link_id
    stem, _, count = link_id.rpartition(".")
    repeated = count.isdigit() and not count.startswith("0") and int(count) >= 2
    return stem if stem in GROUP_IDS and repeated else None


def group_item(link_id: str, members: Sequence[Item]) -> dict[str, Any]:
    """Questions asked in one turn as one `group` item: the group's text and help, then each
    question as `question_item` has it (without `enableWhen`, as the adaptive form issues it)."""
    group_id = group_id_of(link_id)
    if group_id is None:
        raise LookupError(f"{link_id!r} names no group of questions")
    text = group_texts()[group_id]
    return {
        "linkId": link_id,
        "type": "group",
        "text": text.text,
        "item": [
            _help(link_id, text.why),
            *(question_item(member, enable_when=False) for member in members),
        ],
    }


WHOLE_NUMBER_ITEMS = frozenset({"age"})
"""The number items that take whole numbers only: the age, in whole years (contract §1)."""


def number_value(item: Item) -> str:
    """The FHIR value type of a number item's answers and range: valueInteger or valueDecimal."""
    return "valueInteger" if item.id in WHOLE_NUMBER_ITEMS else "valueDecimal"


def question_item(item: Item, *, enable_when: bool = True) -> dict[str, Any]:
    """One question (or `age`, `sex`) as a Questionnaire item, with its help; with `enable_when`,
    gated on `sex` when it cannot apply to some sexes."""
    found: dict[str, Any] = {"linkId": item.id, "text": item.text}
    if item.minimum is not None and item.maximum is not None:
        value = number_value(item)
        found["type"] = "integer" if value == "valueInteger" else "decimal"
        found["extension"] = [
            {"url": canonical.MIN_VALUE, value: _number(item.minimum)},
            {"url": canonical.MAX_VALUE, value: _number(item.maximum)},
        ]
    elif item.kind == SEX_CHOICE:
        found["type"] = "choice"
        found["extension"] = [radio_buttons()]
        found["answerOption"] = [{"valueCoding": sex_coding(code)} for code in item.choices or ()]
    else:
        found["type"] = "choice"
        found["extension"] = [radio_buttons()]
        found["answerOption"] = [{"valueCoding": answer_coding(code)} for code in YesNo]
    excluded = _not_for_sexes(item.id)
    if enable_when and excluded:
        found["enableWhen"] = [
            {"question": "sex", "operator": "!=", "answerCoding": sex_coding(sex)}
            for sex in sorted(excluded)
        ]
        found["enableBehavior"] = "all"
    found["item"] = [help_item(item)]
    return found


def _not_for_sexes(item_id: str) -> frozenset[str]:
    """The sexes a question cannot apply to (`rules.vocabulary`); none for age and sex."""
    question = next((QUESTIONS[q] for q in Q if q.value == item_id), None)
    return question.not_for_sexes if question is not None else frozenset()


def sex_coding(code: str) -> dict[str, str]:
    """A sex as a Coding of FHIR's administrative-gender, with its display."""
    return {"system": canonical.SEX_SYSTEM, "code": code, "display": SEX_DISPLAYS[code]}


def answer_coding(answer: YesNo) -> dict[str, str]:
    """A yes/no answer as a Coding of the project's CodeSystem."""
    return {
        "system": canonical.ANSWER_SYSTEM,
        "code": answer.value,
        "display": form_texts().answers[answer.value],
    }


def radio_buttons() -> dict[str, Any]:
    """SDC itemControl `radio-button`: a short list of answers shown at once, as a form would."""
    control = {
        "system": canonical.ITEM_CONTROL_SYSTEM,
        "code": "radio-button",
        "display": "Radio Button",
    }
    return {"url": canonical.ITEM_CONTROL, "valueCodeableConcept": {"coding": [control]}}


def help_item(item: Item) -> dict[str, Any]:
    """Why a question is asked, as an SDC help item (a `display` item with itemControl `help`)."""
    return _help(item.id, item.why)


def _help(link_id: str, why: str) -> dict[str, Any]:
    control = {"system": canonical.ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help-Button"}
    return {
        "linkId": link_id + canonical.HELP_SUFFIX,
        "type": "display",
        "text": why,
        "extension": [
            {"url": canonical.ITEM_CONTROL, "valueCodeableConcept": {"coding": [control]}}
        ],
    }


def _number(value: float) -> int | float:
    # A whole bound is written without a fraction (0, not 0.0), as FHIR's examples write them.
    return int(value) if float(value).is_integer() else value
