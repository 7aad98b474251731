"""The locale files hold every word a person sees: each key the code asks for exists, and none is unused."""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from rules.vocabulary import QUESTIONS, Group, Kind, YesNo
from tests.paths import ROOT
from triage.interview.groups import GROUPINGS, REPEAT_GROUP
from triage.interview.questionnaire import PERSON_GROUP, items
from triage.texts import (
    form_texts,
    group_texts,
    item_text,
    message,
    messages,
    page_words,
    person_texts,
    question_texts,
)

LOCALE = resources.files("triage") / "locale"


def _message_names_asked_for() -> set[str]:
    """Every name passed as a literal to `message(...)` in the code of triage/ and api/."""
    names: set[str] = set()
    for path in [*Path(ROOT, "triage").rglob("*.py"), *Path(ROOT, "api").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name | ast.Attribute)
                and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr)
                == "message"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(str(node.args[0].value))
    return names


def _page_words_asked_for() -> set[str]:
    """Every name passed as a literal to `say(...)` in the web pages' templates."""
    names: set[str] = set()
    for path in Path(ROOT, "api", "web", "templates").glob("*.html"):
        tree = Environment().parse(path.read_text(encoding="utf-8"))
        for call in tree.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name == "say":
                assert isinstance(call.args[0], nodes.Const), f"{path.name}:{call.lineno}"
                names.add(str(call.args[0].value))
    return names


def test_every_message_the_code_asks_for_is_in_the_locale_and_none_is_unused() -> None:
    assert _message_names_asked_for() == set(messages())


def test_every_page_word_the_templates_ask_for_is_in_the_locale_and_none_is_unused() -> None:
    assert _page_words_asked_for() == set(page_words())


def test_every_question_has_its_texts_and_the_locale_has_no_other_question() -> None:
    assert set(question_texts()) == set(QUESTIONS)


def test_the_person_texts_are_those_of_the_items_about_the_person() -> None:
    person = {item.id for item in items() if item.group == PERSON_GROUP}
    assert set(person_texts()) == person == {"age", "sex"}
    for item in items():
        if item.group == PERSON_GROUP:
            text = person_texts()[item.id]
            assert (item.text, item.label, item.why) == (text.text, text.label, text.why)


def test_every_group_has_its_words_and_the_locale_has_no_other_group() -> None:
    assert set(group_texts()) == {g.id for g in GROUPINGS} | {REPEAT_GROUP}


def test_the_form_names_every_section_and_every_answer_and_nothing_else() -> None:
    texts = form_texts()
    assert set(texts.sections) == {g.value for g in Group} | {PERSON_GROUP}
    assert set(texts.answers) == {a.value for a in YesNo}


def test_every_locale_file_is_read_by_some_texts_function() -> None:
    read = {"questions", "person", "groups", "form", "messages", "pages", "phrases"}
    files = {entry.name.split(".")[0] for entry in LOCALE.iterdir() if entry.name.endswith(".json")}
    assert files == read


def test_a_message_fills_its_places_and_is_left_as_written_without_fields() -> None:
    assert message("not_yet_checked", reason="A.", signs="b; c") == "A. Not yet checked: b; c."
    assert message("disclaimer").startswith("This is not a diagnosis.")


def test_a_message_missing_a_field_raises_rather_than_showing_a_placeholder() -> None:
    with pytest.raises(KeyError):
        message("not_yet_checked", reason="A.")


@pytest.mark.parametrize("name", sorted(messages()))
def test_every_message_has_words(name: str) -> None:
    assert messages()[name].strip()


@pytest.mark.parametrize("name", sorted(page_words()))
def test_every_page_word_has_words(name: str) -> None:
    assert page_words()[name].strip()


def test_the_sex_items_choices_have_words_and_no_other_item_has_choices_of_its_own() -> None:
    sex = next(item for item in items() if item.id == "sex")
    assert set(item_text("sex").choices or {}) == {*(sex.choices or ()), "unknown"}
    assert [i.id for i in items() if item_text(i.id).choices is not None] == ["sex"]


def test_an_items_short_name_and_answer_form_are_only_on_items_answered_with_a_number_or_choice() -> (
    None
):
    for item in items():
        text = item_text(item.id)
        if text.short is not None or text.answer is not None:
            assert item.kind != Kind.YES_NO.value, item.id
        if text.answer is not None:
            assert text.answer.count("{}") == 1, item.id
