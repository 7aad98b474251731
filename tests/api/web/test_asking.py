"""Reading a page's form back into answers: ticks, "None of these", "I don't know", numbers, and the
errors and refusals of a form the page did not make."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.web.answers import group_of
from api.web.asking import INPUTS, asked_at, read_page
from tests.api.support import client
from tests.api.web.player import (
    NERVES,
    NO_TO_EVERY_WARNING_SIGN,
    answering,
    converse,
    hidden,
    post,
    read,
    scenario,
    unknowing,
)
from triage.interview.groups import GROUPINGS, REPEAT_GROUP
from triage.texts import group_texts

pytestmark = pytest.mark.anyio

ITEMS = tuple(("item", field) for field in NERVES)
SCREENED = tuple((f"answers.{q}", "no") for q in NO_TO_EVERY_WARNING_SIGN)
ABOUT_YOU = (("item", "age"), ("item", "sex"))


async def answered(*ticked: str) -> dict[str, str]:
    """The nerve warning signs' answers after the first page is sent with these boxes ticked."""
    async with client() as http:
        page = await post(http, *ITEMS, *[("ticked", t) for t in ticked], ("action", "continue"))
    assert page.status_code == 200, page.text
    return {f: v for f, v in hidden(page.text) if f in NERVES}


async def test_a_ticked_item_is_yes_and_the_unticked_ones_are_no() -> None:
    found = await answered("answers.both_legs_symptoms")
    assert found == {f: "yes" if f == "answers.both_legs_symptoms" else "no" for f in NERVES}


@pytest.mark.parametrize(
    ("ticked", "value"), [(("none",), "no"), (("unknown",), "unknown"), ((), "unknown")]
)
async def test_none_of_these_is_no_to_each_and_i_dont_know_or_nothing_is_unknown_to_each(
    ticked: tuple[str, ...], value: str
) -> None:
    assert await answered(*ticked) == dict.fromkeys(NERVES, value)


@pytest.mark.parametrize(
    ("ticked", "message"),
    [
        (("none", "answers.saddle_numbness"), "Select &#34;None of these&#34; on its own"),
        (("unknown", "answers.saddle_numbness"), "Select &#34;I don&#39;t know&#34; on its own"),
        (("none", "unknown"), "Select &#34;None of these&#34; on its own"),
    ],
)
async def test_an_exclusive_answer_ticked_with_another_is_a_422_on_the_same_page(
    ticked: tuple[str, ...], message: str
) -> None:
    async with client() as http:
        page = await post(http, *ITEMS, *[("ticked", t) for t in ticked], ("action", "continue"))
    assert page.status_code == 422
    assert "There is a problem" in page.text and message in page.text
    assert '<a href="#tick-1">' in page.text and "<title>Error: " in page.text
    shown = read(page.text)
    assert shown.fields == NERVES and shown.hidden == []
    for value in ticked:
        assert f'value="{value}" checked' in page.text


async def test_a_group_of_numbers_and_a_choice_names_each_problem_and_takes_unknown() -> None:
    async with client() as http:
        wrong = await post(
            http, *SCREENED, *ABOUT_YOU, ("number:age", "150"), ("action", "continue")
        )
        both = await post(
            http,
            *SCREENED,
            *ABOUT_YOU,
            ("number:age", "40"),
            ("answer:age", "unknown"),
            ("answer:sex", "female"),
            ("action", "continue"),
        )
        unknown = await post(
            http,
            *SCREENED,
            *ABOUT_YOU,
            ("answer:age", "unknown"),
            ("answer:sex", "unknown"),
            ("action", "continue"),
        )
    assert wrong.status_code == 422
    assert "Your sex: Select one answer" in wrong.text
    assert re.search(r'href="#answer-2-1">Your sex', wrong.text)
    assert 'id="number-1" name="number:age" type="text"' in wrong.text
    assert 'value="150"' in wrong.text
    assert both.status_code == 422 and "not both" in both.text
    assert unknown.status_code == 200
    assert ("age", "unknown") in hidden(unknown.text) and ("sex", "unknown") in hidden(unknown.text)


async def test_an_age_out_of_range_is_refused_on_its_page_with_the_range() -> None:
    async with client() as http:
        page = await post(
            http,
            *SCREENED,
            *ABOUT_YOU,
            ("number:age", "150"),
            ("answer:sex", "male"),
            ("action", "continue"),
        )
    assert page.status_code == 422
    assert "Your age, in whole years: Enter a number from 0 to 120" in page.text
    assert read(page.text).fields == ["age", "sex"]


async def test_back_opens_the_last_page_again_with_its_answers_filled_in() -> None:
    async with client() as http:
        first = await post(http, ("action", "back"))
        again = await post(
            http,
            *[(f, "yes" if f.endswith("numbness") else "no") for f in NERVES],
            ("action", "back"),
        )
    assert first.status_code == 303 and first.headers["location"] == "intake"
    assert read(again.text).fields == NERVES and hidden(again.text) == []
    assert 'value="answers.saddle_numbness" checked' in again.text
    assert 'value="answers.both_legs_symptoms" checked' not in again.text


@pytest.mark.parametrize(
    ("pairs", "named"),
    [
        ((("answers.sit_bone_pian", "yes"),), "answers.sit_bone_pian"),
        (
            (("answers.saddle_numbness", "no"), ("answers.saddle_numbness", "yes")),
            "saddle_numbness",
        ),
        ((("answers.saddle_numbness", "maybe"),), "answers.saddle_numbness"),
        ((*ITEMS, ("ticked", "answers.sit_bone_pain"), ("action", "continue")), "ticked"),
        ((("item", "age"), *ITEMS, ("action", "continue")), "item"),
        ((("audience", "nurse"), ("action", "start")), "audience"),
        ((("change", "about_you"),), "change"),
    ],
    ids=[
        "unknown field",
        "given twice",
        "bad value",
        "a box not on the page",
        "items of two groups",
        "unknown audience",
        "change of a group not answered",
    ],
)
async def test_a_form_the_page_did_not_make_is_a_422_naming_the_field(
    pairs: tuple[tuple[str, str], ...], named: str
) -> None:
    async with client() as http:
        page = await post(http, *pairs)
    assert page.status_code == 422
    assert "This form cannot be read" in page.text
    assert named in page.text


async def test_everything_sent_is_escaped() -> None:
    async with client() as http:
        page = await post(http, ("answers.<b>x</b>", "<script>alert(1)</script>"))
        ticked = await post(http, *ITEMS, ("ticked", "<b>y</b>"), ("action", "continue"))
    assert page.status_code == 422 and ticked.status_code == 422
    assert "<b>x</b>" not in page.text and "&lt;b&gt;x&lt;/b&gt;" in page.text
    assert "<script" not in page.text and "<b>y</b>" not in ticked.text


BOXES = [*NERVES, "none", "unknown"]


@given(st.lists(st.sampled_from(BOXES), max_size=8))
def test_any_ticks_give_every_item_an_answer_or_an_error_and_never_a_no_without_a_reason(
    ticked: list[str],
) -> None:
    """Whatever is ticked: an error, or an answer to every item on the page; yes exactly for the
    items ticked; no only beside a tick or for "None of these"; else unknown."""
    asked = asked_at(list(NERVES))
    values, errors, _ = read_page(asked, lambda name: "", lambda name: list(ticked))
    chosen = set(ticked)
    items = chosen & set(NERVES)
    if errors:
        assert values == {} and ("none" in chosen or "unknown" in chosen)
        return
    assert set(values) == set(NERVES)
    assert {f for f, v in values.items() if v == "yes"} == items
    if "no" in values.values():
        assert items or chosen == {"none"}
    if not items and "none" not in chosen:
        assert set(values.values()) == {"unknown"}


def test_warning_signs_asked_again_are_one_yes_no_or_dont_know_each_never_a_list_to_tick() -> None:
    asked = asked_at(["second_answers.weight_loss", "second_answers.night_pain"])
    assert asked.repeat and asked.style == INPUTS
    form = {
        "answer:second_answers.weight_loss": "yes",
        "answer:second_answers.night_pain": "unknown",
    }
    values, errors, _ = read_page(asked, lambda name: form.get(name, ""), lambda name: [])
    assert not errors
    assert values == {"second_answers.weight_loss": "yes", "second_answers.night_pain": "unknown"}


async def test_every_page_caption_is_its_groups_title_in_the_locale_and_no_other_words() -> None:
    seen: set[str] = set()
    async with client() as http:
        for policy in (unknowing, answering(scenario("typical_runner"))):
            for page in (await converse(http, policy)).pages:
                captions = re.findall(r'<span class="caption">([^<]*)</span>', page.text)
                groups = {group_of(field) for field in page.fields}
                assert [html.unescape(c) for c in captions] == [
                    group_texts()[g].title for g in groups
                ], page.fields
                seen |= groups
    assert REPEAT_GROUP in seen and len(seen) > len(GROUPINGS) // 2
