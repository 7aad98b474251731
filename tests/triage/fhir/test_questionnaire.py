"""The intake as a FHIR Questionnaire: built from the core's questionnaire, valid FHIR R4."""

from __future__ import annotations

from typing import Any

from rules.rulebase import RULE_BASE_VERSION
from rules.vocabulary import QUESTIONS, Group, Kind, Q
from tests.triage.fhir.support import validated
from triage.fhir import canonical
from triage.fhir.questionnaire import questionnaire, sex_coding
from triage.fhir.terminology import answer_code_system
from triage.interview.questionnaire import items
from triage.texts import form_texts


def _questions() -> list[dict[str, Any]]:
    return [item for section in questionnaire()["item"] for item in section["item"]]


def test_the_questionnaire_is_a_valid_fhir_r4_questionnaire() -> None:
    parsed = validated(questionnaire())
    assert parsed.get_resource_type() == "Questionnaire"
    assert getattr(parsed, "url", None) == canonical.QUESTIONNAIRE_URL


def test_the_answer_code_system_is_valid_fhir_and_holds_yes_no_unknown() -> None:
    system = answer_code_system()
    validated(system)
    assert system["url"] == canonical.ANSWER_SYSTEM
    assert [concept["code"] for concept in system["concept"]] == ["yes", "no", "unknown"]


def test_the_version_is_the_rule_base_version() -> None:
    assert questionnaire()["version"] == RULE_BASE_VERSION


def test_there_is_one_item_per_core_item_with_its_id_as_link_id() -> None:
    link_ids = [item["linkId"] for item in _questions()]
    assert sorted(link_ids) == sorted(item.id for item in items())
    assert {"age", "sex"} <= set(link_ids)
    assert len(link_ids) == len(QUESTIONS) + 2


def test_sections_start_with_the_warning_signs_and_keep_the_core_order_inside() -> None:
    sections = questionnaire()["item"]
    assert sections[0]["linkId"] == Group.RED_FLAG.value
    assert sections[0]["text"] == form_texts().sections["red_flag"]
    for section in sections:
        assert section["type"] == "group"
        expected = [item.id for item in items() if item.group == section["linkId"]]
        assert [item["linkId"] for item in section["item"]] == expected


def test_yes_no_items_offer_yes_no_and_unknown_from_the_project_code_system() -> None:
    by_id = {item["linkId"]: item for item in _questions()}
    for question in QUESTIONS.values():
        if question.kind is not Kind.YES_NO:
            continue
        item = by_id[question.id.value]
        assert item["type"] == "choice"
        codings = [option["valueCoding"] for option in item["answerOption"]]
        assert [(c["system"], c["code"]) for c in codings] == [
            (canonical.ANSWER_SYSTEM, "yes"),
            (canonical.ANSWER_SYSTEM, "no"),
            (canonical.ANSWER_SYSTEM, "unknown"),
        ]


def test_numeric_items_carry_the_vocabulary_range_as_sdc_extensions() -> None:
    by_id = {item["linkId"]: item for item in _questions()}
    numeric = [item for item in items() if item.minimum is not None]
    assert {item.id for item in numeric} == {"age", "duration_weeks", "pain_severity"}
    for core in numeric:
        item = by_id[core.id]
        value = "valueInteger" if item["type"] == "integer" else "valueDecimal"
        extensions = {ext["url"]: ext[value] for ext in item["extension"]}
        assert extensions == {canonical.MIN_VALUE: core.minimum, canonical.MAX_VALUE: core.maximum}


def test_the_age_takes_whole_years_and_a_question_number_takes_a_fraction() -> None:
    by_id = {item["linkId"]: item for item in _questions()}
    assert by_id["age"]["type"] == "integer"
    assert by_id["duration_weeks"]["type"] == "decimal"
    assert by_id["pain_severity"]["type"] == "decimal"


def test_texts_and_help_come_from_the_locale_as_sdc_help_items() -> None:
    by_id = {item["linkId"]: item for item in _questions()}
    for core in items():
        item = by_id[core.id]
        assert item["text"] == core.text
        [help_item] = item["item"]
        assert help_item["linkId"] == f"{core.id}.help"
        assert help_item["type"] == "display"
        assert help_item["text"] == core.why
        [control] = help_item["extension"]
        assert control["url"] == canonical.ITEM_CONTROL
        assert control["valueCodeableConcept"]["coding"][0]["code"] == "help"


def test_sex_uses_fhir_administrative_gender_codes() -> None:
    sex = next(item for item in _questions() if item["linkId"] == "sex")
    codes = [option["valueCoding"]["code"] for option in sex["answerOption"]]
    assert codes == ["female", "male", "other", "unknown"]
    assert {o["valueCoding"]["system"] for o in sex["answerOption"]} == {canonical.SEX_SYSTEM}


def _items(found: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        item["linkId"]: item
        for section in found
        for item in section.get("item", [])
        if item.get("type") != "display"
    }


def test_a_question_that_cannot_apply_to_a_sex_is_enabled_only_for_the_others() -> None:
    by_link = _items(questionnaire()["item"])
    assert by_link["cyclical_pain"]["enableWhen"] == [
        {"question": "sex", "operator": "!=", "answerCoding": sex_coding("male")}
    ]
    for link_id, item in by_link.items():
        question = next((QUESTIONS[q] for q in Q if q.value == link_id), None)
        excluded = question.not_for_sexes if question is not None else frozenset()
        gated = {c["answerCoding"]["code"] for c in item.get("enableWhen", [])}
        assert gated == set(excluded), link_id
        assert all(c["operator"] == "!=" for c in item.get("enableWhen", []))


def test_the_sex_options_have_fhirs_displays() -> None:
    sex = _items(questionnaire()["item"])["sex"]
    assert [o["valueCoding"]["display"] for o in sex["answerOption"]] == [
        "Female",
        "Male",
        "Other",
        "Unknown",
    ]
