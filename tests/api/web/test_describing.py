"""The intake's optional first step in-process: a text read back as answers to keep or untick, then
the questions asking only what is left; warning signs it denies still asked; long text refused."""

from __future__ import annotations

import html
import logging
import re

import httpx
import pytest

from api.web.answers import Answers
from api.web.asking import asked_by
from api.web.describing import kept, proposals
from tests.api.support import client
from tests.api.web.player import answering, controls, post, read, scenario
from triage import next_step
from triage.errors import IntakeError
from triage.freetext import MAX_TEXT_CHARS, parse

pytestmark = pytest.mark.anyio

TEXT = (
    "I'm 42, female. Pain at my sit bone for two months, worse when sitting, 6/10. "
    "No numbness around my groin, no fever."
)
"""A description that gives age, sex, a duration, a pain score, two sites and denies two signs."""


def boxes(page: str) -> list[str]:
    """The values of the boxes ticked to keep, in order."""
    found = re.findall(r'name="keep" type="checkbox" value="([^"]*)" checked', page)
    return [html.unescape(value) for value in found]


def first_fields(answers: dict[str, str]) -> list[str]:
    """The fields the interview asks first for these answers, as `next_step` gives them."""
    step = next_step({**Answers(answers).request(), "grouped": True, "audience": "patient"})
    assert step.question is not None
    return list(asked_by(step.question).fields)


async def test_the_start_page_offers_the_description_and_it_shows_a_text_box_with_a_limit() -> None:
    async with client() as http:
        start = await http.get("/intake")
        page = await post(http, ("action", "describe"))
    assert 'value="describe"' in start.text
    assert page.status_code == 200
    assert '<textarea class="textarea" id="text" name="text"' in page.text
    assert f'maxlength="{MAX_TEXT_CHARS}"' in page.text
    assert "Warning signs are always asked directly" in page.text
    assert "<script" not in page.text


async def test_the_reading_is_listed_in_words_each_ticked_and_continue_asks_only_what_is_left() -> (
    None
):
    async with client() as http:
        page = await post(http, ("text", TEXT), ("action", "read"))
        ticked = boxes(page.text)
        expected = {p.field: p.value for p in proposals(parse(TEXT))}
        assert ticked == [f"{f}={v}" for f, v in expected.items()]
        assert (
            "Age: 42 years" in page.text and "Worst pain in the last week: 6 out of 10" in page.text
        )
        assert "Sitting, especially on hard seats or when driving: Yes" in page.text
        first = await post(http, *[("keep", box) for box in ticked], ("action", "keep"))
    shown = read(first.text)
    assert first.status_code == 200
    assert shown.fields == first_fields(expected)
    assert [pair for pair in shown.hidden if pair[0] != "text"] == list(expected.items())


async def test_an_unticked_answer_is_not_kept_and_is_asked_and_a_kept_one_is_not() -> None:
    async with client() as http:
        page = await post(http, ("text", "I'm 42. It hurts at my sit bone."), ("action", "read"))
        ticked = boxes(page.text)
        assert ticked == ["age=42", "answers.sit_bone_pain=yes"]
        without_age = await asked_to_the_end(http, ticked[1:])
        with_age = await asked_to_the_end(http, ticked)
    assert "age" in without_age and "answers.sit_bone_pain" not in without_age
    assert "age" not in with_age and "answers.sit_bone_pain" not in with_age


async def asked_to_the_end(http: httpx.AsyncClient, keep: list[str]) -> list[str]:
    """Every field asked after keeping these answers, answered as the typical runner would."""
    policy = answering(scenario("typical_runner"))
    shown = read((await post(http, *[("keep", box) for box in keep], ("action", "keep"))).text)
    asked: list[str] = []
    for _ in range(40):
        if shown.kind not in ("checkboxes", "inputs", "question"):
            return asked
        asked.extend(shown.fields)
        items = [("item", field) for field in shown.fields]
        sent = (*shown.hidden, *items, *controls(shown, policy), ("action", "continue"))
        shown = read((await post(http, *sent)).text)
    raise AssertionError("the intake did not end within 40 pages")


async def test_back_from_the_first_question_goes_to_the_start_not_to_a_page_never_shown() -> None:
    async with client() as http:
        page = await post(http, ("text", TEXT), ("action", "read"))
        first = read(
            (await post(http, *[("keep", b) for b in boxes(page.text)], ("action", "keep"))).text
        )
        back = await post(http, *first.hidden, ("action", "back"))
        answered = (*first.hidden, *[("item", f) for f in first.fields], ("ticked", "none"))
        second = read((await post(http, *answered, ("action", "continue"))).text)
        again = read((await post(http, *second.hidden, ("action", "back"))).text)
    assert back.status_code == 303 and back.headers["location"] == "intake"
    assert again.fields == first.fields and again.hidden == first.hidden


async def test_a_warning_sign_the_text_denies_is_not_proposed_and_is_still_asked() -> None:
    text = "Pain at my sit bone when sitting. No numbness around my groin or back passage."
    async with client() as http:
        page = await post(http, ("text", text), ("action", "read"))
        ticked = boxes(page.text)
        shown = read((await post(http, *[("keep", b) for b in ticked], ("action", "keep"))).text)
    assert not any("saddle_numbness" in box for box in ticked)
    assert "You wrote that you do not have these, and you will be asked about them" in page.text
    assert "Numbness or tingling around your genitals" in page.text
    assert "answers.saddle_numbness" in shown.fields


async def test_a_red_flag_outside_the_screen_the_text_denies_is_listed_and_not_proposed() -> None:
    # A swollen buttock is a red flag on its own (clinical facts §9.17), though not in the screen.
    text = "Pain at my sit bone when sitting. No swelling in my buttock."
    async with client() as http:
        page = await post(http, ("text", text), ("action", "read"))
    assert not any("buttock_swelling" in box for box in boxes(page.text))
    assert "You wrote that you do not have these, and you will be asked about them" in page.text
    assert "A buttock that is swollen, tight, warm or red" in page.text


async def test_a_warning_sign_the_text_states_is_proposed_as_yes_and_leads_to_the_care_card() -> (
    None
):
    text = "I have numbness around my groin and back passage since yesterday."
    async with client() as http:
        page = await post(http, ("text", text), ("action", "read"))
        ticked = boxes(page.text)
        answer = await post(http, *[("keep", b) for b in ticked], ("action", "keep"))
    assert "answers.saddle_numbness=yes" in ticked
    assert "care-card--emergency" in answer.text


async def test_too_long_a_text_is_a_422_page_naming_the_field_with_the_text_kept() -> None:
    text = "a" * (MAX_TEXT_CHARS + 1)
    async with client() as http:
        page = await post(http, ("text", text), ("action", "read"))
    assert page.status_code == 422
    assert '<a href="#text">Your description is 5,001 characters long' in page.text
    assert 'id="text-error"' in page.text and "Error: " in page.text
    assert f">{text}</textarea>" in page.text


async def test_an_empty_text_is_a_422_page_and_skipping_goes_straight_to_the_questions() -> None:
    async with client() as http:
        empty = await post(http, ("text", "   "), ("action", "read"))
        skipped = await post(http, ("text", "anything"), ("action", "start"))
    assert empty.status_code == 422 and '<a href="#text">Describe the problem' in empty.text
    assert read(skipped.text).fields == first_fields({})


async def test_the_text_is_escaped_on_every_page_it_appears() -> None:
    text = '<script>alert(1)</script> "quoted" & my sit bone hurts'
    async with client() as http:
        listed = await post(http, ("text", text), ("action", "read"))
        again = await post(http, ("text", text), ("action", "describe"))
        long = await post(http, ("text", text + "x" * MAX_TEXT_CHARS), ("action", "read"))
    for page in (listed, again, long):
        assert "<script>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "&#34;quoted&#34; &amp; my sit bone" in listed.text


async def test_a_kept_answer_the_page_did_not_make_is_refused_naming_the_field() -> None:
    async with client() as http:
        unknown = await post(http, ("keep", "answers.nothing=yes"), ("action", "keep"))
        twice = await post(http, ("keep", "age=40"), ("keep", "age=41"), ("action", "keep"))
    assert unknown.status_code == 422 and "<code>keep</code>: not a proposed answer" in unknown.text
    assert twice.status_code == 422 and "<code>keep.age</code>: given twice" in twice.text
    with pytest.raises(IntakeError):
        kept(["no-equals-sign"])


def test_a_number_outside_its_question_s_range_is_not_proposed() -> None:
    fields = [p.field for p in proposals(parse("I am 130 years old and it hurts at my sit bone"))]
    assert "age" not in fields


async def test_a_clinician_s_audience_travels_through_the_description_step() -> None:
    async with client() as http:
        described = await post(http, ("audience", "clinician"), ("action", "describe"))
        listed = await post(http, ("audience", "clinician"), ("text", TEXT), ("action", "read"))
    for page in (described, listed):
        assert '<input type="hidden" name="audience" value="clinician">' in page.text


async def test_the_text_is_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "my sit bone hurts since the marathon in Zanzibar"
    async with client() as http:
        await post(http, ("text", secret), ("action", "read"))
        await post(http, ("text", secret + "x" * MAX_TEXT_CHARS), ("action", "read"))
    assert caplog.records
    assert "Zanzibar" not in caplog.text
