"""The intake as a FHIR R4 Questionnaire, built from the core's questionnaire projection.

Every item comes from `triage.interview.questionnaire.items()` (ids, kinds, ranges, groups, texts and the
"why we ask" help from the locale); nothing is written here by hand but the FHIR shape. Items are
grouped by section, the warning signs first; `age` and `sex` are items of their own section.

- a yes/no question is a `choice` item whose `answerOption`s are the codes `yes`, `no` and
  `unknown` of the project's CodeSystem (`canonical.ANSWER_SYSTEM`);
- a number is an `integer` item with the `minValue` and `maxValue` extensions (SDC);
- `sex` is a `choice` item with FHIR's administrative-gender codes;
- the help is a `display` child item with the itemControl `help` extension (SDC).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rules.vocabulary import Group, YesNo
from triage.fhir import canonical
from triage.interview.questionnaire import SEX_CHOICE, Item, items
from triage.texts import form_texts

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
    return {
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


def section_item(group: str, found: tuple[Item, ...]) -> dict[str, Any]:
    """One section as a `group` item holding its questions."""
    return {
        "linkId": group,
        "type": "group",
        "text": form_texts().sections[group],
        "item": [question_item(item) for item in found],
    }


def question_item(item: Item) -> dict[str, Any]:
    """One question (or `age`, `sex`) as a Questionnaire item, with its help."""
    found: dict[str, Any] = {"linkId": item.id, "text": item.text}
    if item.minimum is not None and item.maximum is not None:
        found["type"] = "integer"
        found["extension"] = [
            {"url": canonical.MIN_VALUE, "valueInteger": int(item.minimum)},
            {"url": canonical.MAX_VALUE, "valueInteger": int(item.maximum)},
        ]
    elif item.kind == SEX_CHOICE:
        found["type"] = "choice"
        found["answerOption"] = [
            {"valueCoding": {"system": canonical.SEX_SYSTEM, "code": code}}
            for code in item.choices or ()
        ]
    else:
        found["type"] = "choice"
        found["answerOption"] = [{"valueCoding": answer_coding(code)} for code in YesNo]
    found["item"] = [help_item(item)]
    return found


def answer_coding(answer: YesNo) -> dict[str, str]:
    """A yes/no answer as a Coding of the project's CodeSystem."""
    return {
        "system": canonical.ANSWER_SYSTEM,
        "code": answer.value,
        "display": form_texts().answers[answer.value],
    }


def help_item(item: Item) -> dict[str, Any]:
    """Why a question is asked, as an SDC help item (a `display` item with itemControl `help`)."""
    control = {"system": canonical.ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help-Button"}
    return {
        "linkId": item.id + canonical.HELP_SUFFIX,
        "type": "display",
        "text": item.why,
        "extension": [
            {"url": canonical.ITEM_CONTROL, "valueCodeableConcept": {"coding": [control]}}
        ],
    }


@cache
def answer_code_system() -> dict[str, Any]:
    """The CodeSystem of yes/no answers (`GET /fhir/CodeSystem/answer`)."""
    labels = form_texts().answers
    meanings = {
        YesNo.YES: "Yes; for an examination test, the test was positive.",
        YesNo.NO: "No; for an examination test, the test was negative.",
        YesNo.UNKNOWN: "Not known; for an examination test, not done. Never read as no.",
    }
    return {
        "resourceType": "CodeSystem",
        "id": "answer",
        "url": canonical.ANSWER_SYSTEM,
        "version": canonical.VERSION,
        "name": "PhtAnswer",
        "title": "Answers to a yes/no question of the pht-triage intake",
        "status": "active",
        "content": "complete",
        "caseSensitive": True,
        "concept": [
            {"code": answer.value, "display": labels[answer.value], "definition": meanings[answer]}
            for answer in YesNo
        ],
    }
