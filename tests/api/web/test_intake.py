"""The intake page in-process: its forms, its refusals, its escaping and its headers."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import httpx
import pytest

from api.middleware.security_headers import CONTENT_SECURITY_POLICY, PAGE_POLICY
from tests.api.support import client

pytestmark = pytest.mark.anyio

NO_TO_EVERY_WARNING_SIGN = [
    "saddle_numbness",
    "bladder_bowel_change",
    "both_legs_symptoms",
    "breathless_or_chest_pain",
    "leg_weakness_worsening",
    "fever_or_unwell",
    "infection_risk",
    "cannot_bear_weight",
    "major_trauma",
    "osteoporosis",
    "calf_thigh_swelling",
    "cancer_history",
    "weight_loss",
    "night_pain",
    "palpable_mass",
    "worse_with_rest",
]


async def post(http: httpx.AsyncClient, *pairs: tuple[str, str]) -> httpx.Response:
    """Post a form made of these fields, in this order."""
    form = {"content-type": "application/x-www-form-urlencoded"}
    return await http.post("/intake", content=urlencode(pairs), headers=form)


def asked(page: httpx.Response) -> str:
    """The field of the question a page asks."""
    found = re.search(r'name="item" value="([^"]+)"', page.text)
    assert found is not None, page.text
    return found.group(1)


async def test_the_start_page_has_a_language_its_own_policy_and_no_script() -> None:
    async with client() as http:
        page = await http.get("/intake")
        css = await http.get("/static/web.css")
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert page.headers["content-security-policy"] == PAGE_POLICY
    assert "<script" not in page.text and "style=" not in page.text
    assert 'href="static/web.css"' in page.text
    assert css.headers["content-type"].startswith("text/css")


async def test_the_api_keeps_its_own_policy() -> None:
    async with client() as http:
        answer = await http.get("/healthz")
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


async def test_the_first_question_is_a_fieldset_with_yes_no_and_i_dont_know() -> None:
    async with client() as http:
        page = await post(http, ("action", "start"))
    assert asked(page) == "answers.saddle_numbness"
    assert '<legend class="fieldset__legend">' in page.text
    assert re.search(r"<h1 class=\"fieldset__heading\">Do you have numbness", page.text)
    for value, label in (("yes", "Yes"), ("no", "No"), ("unknown", "I don&#39;t know")):
        assert f'type="radio" value="{value}"' in page.text
        assert f">{label}</label>" in page.text
    assert re.findall(r"<form [^>]*>", page.text) == [
        '<form method="post" action="intake" class="back-form">',
        '<form method="post" action="intake" novalidate>',
    ]


async def test_a_warning_sign_answered_yes_shows_the_emergency_card_at_once() -> None:
    """The card comes first; a question that decides only whether to call an ambulance may follow."""
    async with client() as http:
        page = await post(
            http, ("item", "answers.saddle_numbness"), ("answer", "yes"), ("action", "continue")
        )
    assert "care-card--emergency" in page.text
    assert page.text.index("care-card--emergency") < page.text.find('name="item"')


async def test_continue_without_an_answer_shows_the_question_again_with_the_error() -> None:
    async with client() as http:
        page = await post(http, ("item", "answers.saddle_numbness"), ("action", "continue"))
    assert page.status_code == 422
    assert "There is a problem" in page.text and "Select one answer" in page.text
    assert "<title>Error: " in page.text
    assert asked(page) == "answers.saddle_numbness"


async def test_a_number_out_of_range_is_refused_on_its_page_and_unknown_moves_on() -> None:
    answers = [(f"answers.{q}", "no") for q in NO_TO_EVERY_WARNING_SIGN]
    async with client() as http:
        too_long = await post(
            http,
            *answers,
            ("item", "answers.duration_weeks"),
            ("number", "9999"),
            ("action", "continue"),
        )
        unknown = await post(
            http,
            *answers,
            ("item", "answers.duration_weeks"),
            ("answer", "unknown"),
            ("action", "continue"),
        )
    assert too_long.status_code == 422
    assert "Enter a number from 0 to 520" in too_long.text
    assert asked(too_long) == "answers.duration_weeks"
    assert unknown.status_code == 200
    assert asked(unknown) != "answers.duration_weeks"
    assert '<input type="hidden" name="answers.duration_weeks" value="unknown">' in unknown.text


@pytest.mark.parametrize(
    ("pairs", "named"),
    [
        ((("answers.sit_bone_pian", "yes"),), "answers.sit_bone_pian"),
        (
            (("answers.saddle_numbness", "no"), ("answers.saddle_numbness", "yes")),
            "saddle_numbness",
        ),
        ((("answers.saddle_numbness", "maybe"),), "answers.saddle_numbness"),
    ],
    ids=["unknown field", "given twice", "bad value"],
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
    assert page.status_code == 422
    assert "<b>x</b>" not in page.text and "&lt;b&gt;x&lt;/b&gt;" in page.text
    assert "<script" not in page.text


async def test_back_asks_the_last_question_again_with_its_answer_chosen() -> None:
    async with client() as http:
        first = await post(http, ("action", "back"))
        again = await post(http, ("answers.saddle_numbness", "no"), ("action", "back"))
    assert first.status_code == 303 and first.headers["location"] == "intake"
    assert asked(again) == "answers.saddle_numbness"
    assert 'value="no" checked' in again.text
    assert 'name="answers.saddle_numbness"' not in again.text


async def test_the_answers_are_checked_and_a_change_keeps_its_place() -> None:
    """All warning signs no, then everything else unknown: the check page, then one change."""
    answers = [(f"answers.{q}", "no") for q in NO_TO_EVERY_WARNING_SIGN]
    async with client() as http:
        page = await post(http, *answers)
        while 'name="item"' in page.text:
            answers.append((asked(page), "unknown"))
            page = await post(http, *answers)
        assert "Check your answers" in page.text
        change = await post(http, *answers, ("change", "answers.night_pain"))
        assert asked(change) == "answers.night_pain" and 'value="no" checked' in change.text
        changed = await post(
            http,
            *answers,
            ("item", "answers.night_pain"),
            ("answer", "yes"),
            ("action", "continue"),
        )
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', changed.text)
    assert fields.index(("answers.night_pain", "yes")) == NO_TO_EVERY_WARNING_SIGN.index(
        "night_pain"
    )
