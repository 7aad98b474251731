"""Real clients: NLM's LHC-Forms renders the intake Questionnaire and plays the SDC adaptive form
against a real `triage serve`, in Debian's chromium; what LHC-Forms builds is what is sent."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page

from api.examples import EMERGENCY, RUNNER
from rules.vocabulary import SEXES, Q, YesNo
from tests.api.support import Served
from tests.api.web.browser import screenshot
from tests.api.web.lforms import choose, lforms_page, render, response_of, shown, type_number
from tests.triage.fhir.grouped import expected_turns, questions_in, turn_ids
from tests.triage.fhir.support import validated
from triage import next_step
from triage.fhir import canonical, read_response
from triage.interview.questionnaire import item_by_id

pytestmark = pytest.mark.slow

FHIR = {"content-type": "application/fhir+json"}
ANSWERS = [answer.value for answer in YesNo]


def _fhir(served: Served, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = httpx.post(f"{served.base}/fhir/{path}", json=body, headers=FHIR, timeout=30)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def _answer(page: Page, link_id: str, value: Any) -> None:
    """Answer one item as a person does on the page; an unknown answer is left blank."""
    item = item_by_id()[link_id.removesuffix(canonical.AGAIN_SUFFIX)]
    if value in (None, "unknown") and item.id in ("age", "sex", "duration_weeks", "pain_severity"):
        return  # left out: LHC-Forms sends no item, which the service reads as not known
    if item.minimum is not None:
        type_number(page, link_id, value)
    elif item.id == "sex":
        choose(page, link_id, list(SEXES).index(value))
    else:
        choose(page, link_id, ANSWERS.index(value))


def test_lhc_forms_renders_the_questionnaire_and_its_response_is_assessed(
    browser: Browser, served: Served
) -> None:
    questionnaire = httpx.get(f"{served.base}/fhir/Questionnaire/pht-intake", timeout=10).json()
    with lforms_page(browser) as page:
        render(page, questionnaire)
        assert all(shown(page, link_id) for link_id in item_by_id())
        _answer(page, "sex", "male")
        assert not shown(page, "cyclical_pain"), "a menstrual-cycle question shown to a man"
        _answer(page, "sex", "female")
        assert shown(page, "cyclical_pain")
        _answer(page, "sex", "male")
        for link_id, value in EMERGENCY["answers"].items():
            _answer(page, link_id, value)
        _answer(page, "age", 52)
        screenshot(page, "lforms-questionnaire")
        response = response_of(page)
    validated(response, emitted=False)
    assert "cyclical_pain" not in str(response)
    risk = _fhir(served, "QuestionnaireResponse/$assess", response)
    validated(risk)
    level = next(e for e in risk["extension"] if e["url"] == canonical.LEVEL_EXTENSION)
    assert level["valueCoding"]["code"] == "emergency"


def test_lhc_forms_takes_a_fraction_of_a_week_and_the_service_reads_it(
    browser: Browser, served: Served
) -> None:
    questionnaire = httpx.get(f"{served.base}/fhir/Questionnaire/pht-intake", timeout=10).json()
    with lforms_page(browser) as page:
        render(page, questionnaire)
        _answer(page, "age", 41)
        _answer(page, "duration_weeks", 2.5)
        response = response_of(page)
    validated(response, emitted=False)
    answers = {
        item["linkId"]: item["answer"]
        for section in response["item"]
        for item in section.get("item", [])
        if "answer" in item
    }
    assert answers == {"age": [{"valueInteger": 41}], "duration_weeks": [{"valueDecimal": 2.5}]}
    validated(_fhir(served, "QuestionnaireResponse/$assess", response))
    intake = read_response(response)
    assert (intake.age, intake.answer(Q.DURATION_WEEKS)) == (41, 2.5)


def _expected(intake: dict[str, Any]) -> tuple[list[str], str]:
    """What the interview asks an intake's patient (unknown for the rest), and its level."""
    asked: list[str] = []
    so_far: dict[str, Any] = {"answers": {}}
    while not (step := next_step(so_far)).should_stop:
        assert step.question is not None
        value = {**intake, **intake["answers"]}.get(step.question.id, "unknown")
        if step.repeat:
            asked.append(step.question.id + canonical.AGAIN_SUFFIX)
            so_far.setdefault("second_answers", {})[step.question.id] = "unknown"
        else:
            asked.append(step.question.id)
            target = so_far if step.question.id in ("age", "sex") else so_far["answers"]
            target[step.question.id] = None if value == "unknown" else value
    return asked, step.triage.level


@pytest.mark.parametrize("intake", [EMERGENCY, RUNNER], ids=["emergency", "runner"])
def test_lhc_forms_plays_the_adaptive_form_to_its_end(
    browser: Browser, served: Served, intake: dict[str, Any]
) -> None:
    values = {**intake, **intake["answers"]}
    response: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    asked: list[str] = []
    with lforms_page(browser) as page:
        for _ in range(80):
            parameters = {
                "resourceType": "Parameters",
                "parameter": [{"name": "questionnaire-response", "resource": response}],
            }
            response = _fhir(served, "Questionnaire/$next-question", parameters)
            validated(response, invariants=len(asked) % 8 == 0)
            if response["status"] == "completed":
                break
            [questionnaire] = response["contained"]
            new = questionnaire["item"][-1]["linkId"]
            asked.append(new)
            render(page, questionnaire, response)
            if not new.endswith(canonical.AGAIN_SUFFIX):
                _answer(page, new, values.get(new, "unknown"))
            filled = response_of(page)
            # The client around LHC-Forms keeps the adaptive Questionnaire with the answers.
            response = {
                **filled,
                "contained": [questionnaire],
                "questionnaire": f"#{questionnaire['id']}",
            }
        else:
            raise AssertionError(f"the adaptive form did not end: {asked}")
        screenshot(page, f"lforms-adaptive-{len(asked)}")
    expected, level = _expected(intake)
    assert asked == expected
    risk = _fhir(served, "QuestionnaireResponse/$assess", response)
    validated(risk)
    found = next(e for e in risk["extension"] if e["url"] == canonical.LEVEL_EXTENSION)
    assert found["valueCoding"]["code"] == level


@pytest.mark.parametrize("intake", [EMERGENCY, RUNNER], ids=["emergency", "runner"])
def test_lhc_forms_plays_the_grouped_adaptive_form_to_its_end(
    browser: Browser, served: Served, intake: dict[str, Any]
) -> None:
    values = {**intake, **intake["answers"]}
    response: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    with lforms_page(browser) as page:
        for call in range(40):
            parameters = {
                "resourceType": "Parameters",
                "parameter": [
                    {"name": "questionnaire-response", "resource": response},
                    {"name": "grouped", "valueBoolean": True},
                ],
            }
            response = _fhir(served, "Questionnaire/$next-question", parameters)
            validated(response, invariants=call % 4 == 0)
            if response["status"] == "completed":
                break
            [questionnaire] = response["contained"]
            new = questionnaire["item"][-1]
            render(page, questionnaire, response)
            if new["type"] == "group":
                assert page.get_by_text(new["text"]).first.is_visible()
            for link_id in questions_in(new):
                assert shown(page, link_id), link_id
                if not link_id.endswith(canonical.AGAIN_SUFFIX):
                    _answer(page, link_id, values.get(link_id, "unknown"))
            filled = response_of(page)
            response = {
                **filled,
                "contained": [questionnaire],
                "questionnaire": f"#{questionnaire['id']}",
            }
        else:
            raise AssertionError("the grouped adaptive form did not end")
        screenshot(page, f"lforms-adaptive-grouped-{call}")
    expected, level = expected_turns(intake)
    assert turn_ids(questionnaire) == expected
    assert any(len(questions) > 1 for _, questions in expected), "no group was asked"
    risk = _fhir(served, "QuestionnaireResponse/$assess", response)
    validated(risk)
    found = next(e for e in risk["extension"] if e["url"] == canonical.LEVEL_EXTENSION)
    assert found["valueCoding"]["code"] == level
