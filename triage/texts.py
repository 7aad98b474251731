"""Words shown to a person, kept apart from the rules and keyed by id so that they can be translated."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rules.vocabulary import Q

DEFAULT_LANGUAGE = "en"


def _locale(name: str, language: str) -> Any:
    """The parsed `triage/locale/<name>.<language>.json`."""
    resource = resources.files("triage") / "locale" / f"{name}.{language}.json"
    return json.loads(resource.read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class QuestionText:
    """The question as a person reads it, its label in a list of several, and why it is asked.

    A warning-sign question also has `sign`, the sign in a few words (for reasons that name the
    signs not yet checked), and `repeat` and `repeat_why`, the text and the reason shown when the
    interview asks it a second time after an "I don't know". An item answered with a number or a
    choice may have `short`, its name in a word or two, and `answer`, how its answer reads (`{}`
    the answer), for a list of answers to check; `sex` has `choices`, the words of each answer.
    """

    text: str
    why: str
    label: str = ""
    sign: str | None = None
    repeat: str | None = None
    repeat_why: str | None = None
    short: str | None = None
    answer: str | None = None
    choices: dict[str, str] | None = None


@cache
def question_texts(language: str = DEFAULT_LANGUAGE) -> dict[Q, QuestionText]:
    """Every question's text in one language, read once from `triage/locale/questions.<lang>.json`."""
    raw: dict[str, dict[str, Any]] = _locale("questions", language)
    return {Q(qid): _question_text(entry) for qid, entry in raw.items()}


@cache
def person_texts(language: str = DEFAULT_LANGUAGE) -> dict[str, QuestionText]:
    """The texts of the two items about the person (`age`, `sex`), from `person.<lang>.json`."""
    raw: dict[str, dict[str, Any]] = _locale("person", language)
    return {item: _question_text(entry) for item, entry in raw.items()}


def item_text(item_id: str, language: str = DEFAULT_LANGUAGE) -> QuestionText:
    """The texts of one item of the questionnaire: a question, or `age` or `sex`."""
    person = person_texts(language)
    return person[item_id] if item_id in person else question_texts(language)[Q(item_id)]


def _question_text(entry: dict[str, Any]) -> QuestionText:
    return QuestionText(
        text=entry["text"],
        why=entry["why"],
        label=entry["label"],
        sign=entry.get("sign"),
        repeat=entry.get("repeat"),
        repeat_why=entry.get("repeat_why"),
        short=entry.get("short"),
        answer=entry.get("answer"),
        choices=entry.get("choices"),
    )


def question_text(question: Q, language: str = DEFAULT_LANGUAGE) -> QuestionText:
    """One question's text."""
    return question_texts(language)[question]


@dataclass(frozen=True, slots=True)
class FormTexts:
    """The words of a form around its questions: its title, section headings and answer labels."""

    title: str
    description: str
    sections: dict[str, str]
    answers: dict[str, str]


@cache
def form_texts(language: str = DEFAULT_LANGUAGE) -> FormTexts:
    """The form's own words in one language, read once from `triage/locale/form.<lang>.json`."""
    raw = _locale("form", language)
    return FormTexts(raw["title"], raw["description"], raw["sections"], raw["answers"])


@dataclass(frozen=True, slots=True)
class GroupText:
    """A group of questions as a person reads it (contract §6): its title in a few words (a page's
    caption, a heading), its question, and why it is asked."""

    title: str
    text: str
    why: str


@cache
def group_texts(language: str = DEFAULT_LANGUAGE) -> dict[str, GroupText]:
    """Every question group's words in one language, read once from `triage/locale/groups.<lang>.json`."""
    raw: dict[str, dict[str, str]] = _locale("groups", language)
    return {
        group: GroupText(entry["title"], entry["text"], entry["why"])
        for group, entry in raw.items()
    }


@cache
def messages(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every fixed phrase a person reads outside the rules and the questions (an assessment's
    disclaimer, a web page's error), keyed by name, from `messages.<lang>.json`."""
    raw: dict[str, str] = _locale("messages", language)
    return raw


def message(name: str, language: str = DEFAULT_LANGUAGE, **fields: str) -> str:
    """One fixed sentence, its `{field}` places filled from `fields` (none: the sentence as written)."""
    template = messages(language)[name]
    return template.format(**fields) if fields else template


@cache
def page_words(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The web pages' own words (headings, hints, buttons), keyed by name, from `pages.<lang>.json`.

    Each is an HTML fragment written by the project, as a template's own text is: it is shown as
    written (it may hold `<strong>` or `<code>`), and only the values filled into its `{field}`
    places are escaped.
    """
    raw: dict[str, str] = _locale("pages", language)
    return raw


def languages() -> tuple[str, ...]:
    """The languages the locale files are written in (each has its `questions.<lang>.json`)."""
    found = resources.files("triage") / "locale"
    names = (entry.name for entry in found.iterdir())
    return tuple(
        sorted(n[len("questions.") : -len(".json")] for n in names if n.startswith("questions."))
    )


@dataclass(frozen=True, slots=True)
class Texts:
    """The words of one language, as a `Triage` shows them in its assessments and the service in
    its pages."""

    language: str = DEFAULT_LANGUAGE

    def questions(self) -> dict[Q, QuestionText]:
        """Every question's text."""
        return question_texts(self.language)

    def message(self, name: str, **fields: str) -> str:
        """One fixed sentence, its `{field}` places filled."""
        return message(name, self.language, **fields)

    def pages(self) -> dict[str, str]:
        """The web pages' own words, as HTML fragments (see `page_words`)."""
        return page_words(self.language)
