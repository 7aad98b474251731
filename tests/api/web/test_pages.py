"""The pages' templates hold markup only: every word a person reads comes from the locale."""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import nodes
from markupsafe import Markup

from api.web.pages import LANGUAGE, environment, sayer
from tests.paths import ROOT
from triage import Texts
from triage.texts import languages

TEMPLATES = Path(ROOT, "api", "web", "templates")
STYLESHEET = Path(ROOT, "api", "web", "static", "web.css")

LETTERS = re.compile(r"[^\W\d_]+")
"""A run of letters, in any script."""

SHOWN_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder", "data-label"})
"""Attributes a person reads or hears: the table's `data-label` is shown by the stylesheet on a
narrow screen (`content: attr(data-label)`)."""

BUTTON_INPUTS = frozenset({"submit", "button", "reset"})
"""Inputs whose `value` is their caption (elsewhere a `value` is form data, never shown)."""

PAGE_MARKUP = re.compile(r"</?(?:strong|code)>")
"""The markup a page word may hold: emphasis, and a column name as code."""


class _Words(HTMLParser):
    """The text and the shown attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        shown = set(SHOWN_ATTRIBUTES)
        if tag == "input" and values.get("type") in BUTTON_INPUTS:
            shown.add("value")
        self.found += [value for name, value in attrs if name in shown and value]

    def handle_data(self, data: str) -> None:
        self.found.append(data)


def words_written_in(source: str) -> list[str]:
    """The words a template writes itself, in its text or a shown attribute, outside Jinja2 code."""
    markup = "".join(
        value if kind == "data" else " " for _, kind, value in environment().lex(source)
    )
    parser = _Words()
    parser.feed(markup)
    parser.close()
    return [word for text in parser.found for word in LETTERS.findall(text)]


def _templates() -> list[Path]:
    return sorted(TEMPLATES.glob("*.html"))


def _say_calls(path: Path) -> list[nodes.Call]:
    tree = environment().parse(path.read_text(encoding="utf-8"))
    return [
        call
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name) and call.node.name == "say"
    ]


def test_the_check_finds_a_word_in_text_or_a_shown_attribute_and_none_in_code_or_data() -> None:
    source = (
        '<td data-label="Priority" class="table">{{ say("screen_priority") }}</td>'
        '<button name="action" value="start">{% if x %}Start{% endif %}</button>'
        '<input type="submit" value="Send"><input type="hidden" name="key" value="k">'
        "{# a comment #}<p>{{ counts.rows }}: 3 &amp; 4</p>"
    )
    assert words_written_in(source) == ["Priority", "Start", "Send"]


@pytest.mark.parametrize("template", _templates(), ids=lambda path: path.name)
def test_a_template_writes_no_word_of_its_own(template: Path) -> None:
    assert words_written_in(template.read_text(encoding="utf-8")) == []


def test_the_stylesheet_adds_no_words_to_a_page() -> None:
    added = re.findall(r'content:\s*"([^"]*)"', STYLESHEET.read_text(encoding="utf-8"))
    assert not [text for text in added if LETTERS.search(text)]


@pytest.mark.parametrize("template", _templates(), ids=lambda path: path.name)
def test_every_page_word_is_asked_by_a_literal_name_with_the_places_it_has(template: Path) -> None:
    words = Texts(LANGUAGE).pages()
    for call in _say_calls(template):
        assert len(call.args) == 1 and isinstance(call.args[0], nodes.Const), call.lineno
        places = {name for _, name, _, _ in string.Formatter().parse(words[call.args[0].value])}
        assert {keyword.key for keyword in call.kwargs} == places - {None}, call.args[0].value


@pytest.mark.parametrize("language", languages())
def test_a_page_word_holds_no_markup_but_emphasis_and_code(language: str) -> None:
    for name, word in Texts(language).pages().items():
        assert not re.search(r"[<>&]", PAGE_MARKUP.sub("", word)), name


def test_say_shows_a_page_word_as_written_and_escapes_what_fills_its_places() -> None:
    say = sayer(LANGUAGE)
    assert say("screen_form_intro").startswith("Upload a CSV file")
    assert "<code>age</code>" in say("screen_form_intro")
    filled = say("title", title='<script>"x"</script>')
    assert isinstance(filled, Markup)
    assert filled == "&lt;script&gt;&#34;x&#34;&lt;/script&gt; – PHT triage"


def test_say_raises_on_a_word_the_locale_does_not_have() -> None:
    with pytest.raises(KeyError):
        sayer(LANGUAGE)("no_such_word")
