"""The intake page in-process: its grouped pages, its refusals, its escaping and its headers."""

from __future__ import annotations

import html
import re

import pytest

from api.middleware.security_headers import CONTENT_SECURITY_POLICY, PAGE_POLICY
from tests.api.support import client
from tests.api.web.player import (
    NERVES,
    answering,
    converse,
    hidden,
    post,
    read,
    scenario,
    unknowing,
)
from triage import next_step
from triage.interview.groups import GROUPINGS, members_of

pytestmark = pytest.mark.anyio


async def test_the_start_page_has_a_language_its_own_policy_no_script_and_a_measured_estimate() -> (
    None
):
    async with client() as http:
        page = await http.get("/intake")
        css = await http.get("/static/web.css")
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert page.headers["content-security-policy"] == PAGE_POLICY
    assert "<script" not in page.text and "style=" not in page.text
    assert 'href="static/web.css"' in page.text
    assert css.headers["content-type"].startswith("text/css")
    assert "short pages, about" in page.text
    assert "a few questions" not in page.text and "about 5 minutes" not in page.text
    assert 'name="audience"' not in page.text


async def test_the_api_keeps_its_own_policy() -> None:
    async with client() as http:
        answer = await http.get("/healthz")
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


async def test_the_first_page_is_a_list_of_warning_signs_to_tick_with_none_and_i_dont_know() -> (
    None
):
    async with client() as http:
        page = await post(http, ("action", "start"))
    shown = read(page.text)
    assert shown.kind == "checkboxes" and shown.fields == NERVES
    assert '<legend class="fieldset__legend">' in page.text
    assert "Tick all that apply." in page.text
    assert "Numbness or tingling around your genitals" in page.text
    ticks = re.findall(r'name="ticked" type="checkbox" value="([^"]+)"', page.text)
    assert ticks == [*NERVES, "none", "unknown"]
    labels = html.unescape(page.text)  # "I don't know" is the form's answer word, escaped
    assert ">None of these</label>" in labels and ">I don't know</label>" in labels
    assert re.findall(r"<form [^>]*>", page.text) == [
        '<form method="post" action="intake" class="back-form">',
        '<form method="post" action="intake" novalidate>',
    ]


async def test_a_warning_sign_ticked_shows_the_emergency_card_at_once() -> None:
    """The card comes first; a question that decides only whether to call an ambulance may follow."""
    async with client() as http:
        page = await post(
            http,
            *[("item", f) for f in NERVES],
            ("ticked", "answers.saddle_numbness"),
            ("action", "continue"),
        )
        shown = read(page.text)
        assert shown.kind == "question"
        (field,) = shown.fields
        unanswered = await post(http, *shown.hidden, ("item", field), ("action", "continue"))
        answered = await post(
            http, *shown.hidden, ("item", field), ("answer", "no"), ("action", "continue")
        )
    assert "care-card--emergency" in page.text
    assert page.text.index("care-card--emergency") < page.text.find('name="item"')
    assert ("answers.saddle_numbness", "yes") in shown.hidden
    assert 'id="answer-1" name="answer" type="radio" value="yes"' in page.text
    assert (
        unanswered.status_code == 422 and '<a href="#answer-1">Select one answer' in unanswered.text
    )
    assert read(answered.text).kind == "result" and "care-card--emergency" in answered.text


async def test_the_answers_so_far_are_checked_one_row_a_group_with_one_change_each() -> None:
    async with client() as http:
        played = await converse(http, answering(scenario("typical_runner")))
        assert played.check is not None
        page = played.check.text
        groups = re.findall(r'name="change" value="([^"]+)"', page)
        assert groups[:4] == [
            "nerve_warning_signs",
            "clot_warning_signs",
            "general_health_warning_signs",
            "injury_warning_signs",
        ]
        assert len(groups) == len(played.pages) == len(set(groups))
        assert '<dd class="summary-list__value">' in page
        assert "Sitting, especially on hard seats or when driving" in page
        assert ">None</p>" in page
        change = await post(http, *played.check.hidden, ("change", "what_brings_it_on"))
    shown = read(change.text)
    assert shown.kind == "checkboxes"
    assert 'value="answers.sitting_pain" checked' in change.text
    assert 'value="answers.calf_pain"' not in change.text
    assert "Back" in change.text and 'value="check"' in change.text


async def test_a_changed_group_keeps_its_place_among_the_answers() -> None:
    async with client() as http:
        played = await converse(http, answering(scenario("typical_runner")))
        assert played.check is not None
        answers = played.check.hidden
        items = [("item", f) for f, _ in answers if f.startswith("answers.") and f in CLOTS]
        changed = await post(http, *answers, *items, ("ticked", "none"), ("action", "continue"))
    before = [f for f, _ in answers]
    after = [f for f, _ in hidden(changed.text)]
    assert before == after
    assert ("answers.calf_thigh_swelling", "no") in hidden(changed.text)


CLOTS = ("answers.breathless_or_chest_pain", "answers.calf_thigh_swelling")


async def test_the_result_page_shows_what_the_interview_decides_for_the_same_answers() -> None:
    async with client() as http:
        played = await converse(http, answering(scenario("acute_adult_avulsion")))
    assert played.check is not None
    answers: dict[str, object] = {}
    request: dict[str, object] = {"grouped": True, "answers": answers}
    for field, value in played.check.hidden:
        head, _, name = field.partition(".")
        assert head in ("age", "sex", "answers")
        typed: object = int(value) if value.isdigit() else value
        if name:
            answers[name] = typed
        else:
            request[head] = typed
    triage = next_step(request).triage
    text = html.unescape(played.result.text)
    assert triage.see in text and triage.within in text
    assert all(reason in text for reason in triage.reasons)
    assert "care-card--urgent" in played.result.text


async def test_a_patient_is_never_shown_an_examination_test_and_a_clinician_is() -> None:
    async with client() as http:
        patient = await converse(http, unknowing)
        start = await http.get("/intake?audience=clinician")
        clinician = await converse(http, unknowing, start=(("audience", "clinician"),))
    asked = {f for page in patient.pages for f in page.fields}
    (tests,) = [members_of(g) for g in GROUPINGS if g.id == "examination"]
    assert len(tests) == 9 and not asked & {test.field for test in tests}
    assert 'name="audience" value="clinician"' in start.text
    examination = [p for p in clinician.pages if "answers.puranen_orava_test" in p.fields]
    assert examination and examination[0].kind == "inputs"
    assert "Examination findings" in examination[0].text
    assert ">Not done</label>" in examination[0].text
