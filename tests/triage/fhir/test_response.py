"""A QuestionnaireResponse read into an intake: the same intake as the JSON, or a problem naming
the item's linkId."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given

from api.examples import RUNNER
from rules.vocabulary import Q
from tests.scenarios import load_scenarios
from tests.triage.fhir.support import RUNNER_RESPONSE, RUNNER_RESPONSE_INTAKE, validated
from triage import assess
from triage.devtools import testing
from triage.errors import IntakeError
from triage.fhir import canonical
from triage.fhir.response import ItemProblem, read_response, response_from_intake
from triage.files.strict_json import loads
from triage.interview.next_question import asked_items
from triage.models import parse_intake


def _whole_numbers(intake: dict[str, Any]) -> dict[str, Any]:
    """The intake with every number whole: the Questionnaire's numbers are integers."""
    answers = {
        key: round(value) if isinstance(value, float) else value
        for key, value in intake["answers"].items()
    }
    return {**intake, "answers": answers}


def _problem(response: dict[str, Any] | str) -> ItemProblem:
    data = loads(response, on_repeat="mark") if isinstance(response, str) else response
    with pytest.raises(IntakeError) as raised:
        read_response(data)
    [problem] = raised.value.problems
    assert isinstance(problem, ItemProblem)
    return problem


def _runner() -> dict[str, Any]:
    return response_from_intake(RUNNER)


def _item(response: dict[str, Any], link_id: str) -> dict[str, Any]:
    for section in response["item"]:
        for item in section["item"]:
            if item["linkId"] == link_id:
                found: dict[str, Any] = item
                return found
    raise KeyError(link_id)


def test_a_hand_written_response_file_reads_as_the_runner_intake() -> None:
    response = loads(RUNNER_RESPONSE.read_text(encoding="utf-8"))
    validated(response, emitted=False)  # as a clinic sends it
    assert read_response(response) == parse_intake(RUNNER_RESPONSE_INTAKE)
    assert assess(read_response(response)) == assess(RUNNER_RESPONSE_INTAKE)


@pytest.mark.parametrize("scenario", load_scenarios(), ids=lambda s: s.name)
def test_every_scenario_as_a_response_is_assessed_as_its_json_intake(scenario: Any) -> None:
    intake = scenario.intake
    response = response_from_intake(intake)
    validated(response)
    assert assess(read_response(response)) == assess(intake)


@given(testing.intakes())
def test_any_intake_as_a_response_reads_back_the_same_answers_and_asked_items(
    drawn: dict[str, Any],
) -> None:
    intake = parse_intake(drawn)  # fractions too: 2.5 weeks is written as a valueDecimal
    response = response_from_intake(intake)
    read = read_response(json.loads(json.dumps(response)))
    assert read == intake
    assert asked_items(read) == asked_items(intake)


def test_an_item_without_an_answer_is_unknown_but_asked() -> None:
    read = read_response(response_from_intake({"answers": {"night_pain": "unknown"}}))
    assert read.answer(Q.NIGHT_PAIN) is None
    assert asked_items(read) == {"night_pain"}


def test_sex_answered_unknown_is_read_as_not_known_and_as_asked() -> None:
    read = read_response(response_from_intake({"sex": "unknown", "answers": {}}))
    assert read.sex is None  # contract §1: "unknown" means the same as leaving it out
    assert "sex" in read.model_fields_set


def test_an_unknown_link_id_is_named_with_the_nearest_one() -> None:
    response = _runner()
    _item(response, "sit_bone_pain")["linkId"] = "sit_bone_pian"
    problem = _problem(response)
    assert problem.type == "unknown_link_id"
    assert problem.suggestion == "sit_bone_pain"
    assert "linkId='sit_bone_pian'" in (problem.expression or "")


def test_a_wrong_answer_type_is_refused_naming_the_item() -> None:
    response = _runner()
    _item(response, "duration_weeks")["answer"] = [{"valueString": "8 weeks"}]
    problem = _problem(response)
    assert (problem.type, problem.link_id) == ("wrong_answer_type", "duration_weeks")
    assert "valueInteger" in problem.message


def test_a_yes_no_code_from_another_system_is_a_wrong_answer_type() -> None:
    response = _runner()
    _item(response, "sitting_pain")["answer"] = [
        {"valueCoding": {"system": "http://snomed.info/sct", "code": "373066001"}}
    ]
    assert _problem(response).link_id == "sitting_pain"


def test_a_fractional_duration_written_as_a_decimal_reads_back_as_written() -> None:
    intake = parse_intake({"answers": {"duration_weeks": 2.5, "pain_severity": 7}})
    response = response_from_intake(intake)
    assert _item(response, "duration_weeks")["answer"] == [{"valueDecimal": 2.5}]
    assert read_response(json.loads(json.dumps(response))) == intake


def test_a_question_number_is_written_as_a_decimal_and_the_age_as_an_integer() -> None:
    intake = parse_intake({"age": 41, "answers": {"duration_weeks": 8, "pain_severity": 7}})
    response = response_from_intake(intake)
    assert _item(response, "age")["answer"] == [{"valueInteger": 41}]
    assert _item(response, "duration_weeks")["answer"] == [{"valueDecimal": 8}]
    assert _item(response, "pain_severity")["answer"] == [{"valueDecimal": 7}]
    assert read_response(json.loads(json.dumps(response))) == intake


def test_a_whole_number_sent_as_a_valueinteger_is_still_read() -> None:
    response = _runner()
    _item(response, "duration_weeks")["answer"] = [{"valueInteger": 8}]
    assert read_response(response).answer(Q.DURATION_WEEKS) == 8


def test_a_boolean_is_not_an_integer_answer() -> None:
    response = _runner()
    _item(response, "age")["answer"] = [{"valueInteger": True}]
    assert _problem(response).type == "wrong_answer_type"


def test_an_item_given_twice_is_refused_even_with_equal_answers() -> None:
    response = _runner()
    response["item"][-1]["item"].append(copy.deepcopy(_item(response, "sitting_pain")))
    problem = _problem(response)
    assert (problem.type, problem.link_id) == ("repeated_item", "sitting_pain")


def test_two_answers_to_one_item_are_refused() -> None:
    response = _runner()
    item = _item(response, "sit_bone_pain")
    item["answer"] = item["answer"] * 2
    assert _problem(response).type == "repeated_answer"


def test_a_key_given_twice_in_an_answer_is_refused_naming_the_item() -> None:
    response = _runner()
    first_yes = next(
        item["linkId"]
        for section in response["item"]
        for item in section["item"]
        if item.get("answer", [{}])[0].get("valueCoding", {}).get("code") == "yes"
    )
    text = json.dumps(response).replace('"code": "yes"', '"code": "no", "code": "yes"', 1)
    problem = _problem(text)
    assert problem.type == "duplicate_key"
    assert problem.link_id == first_yes
    assert f"linkId='{first_yes}'" in (problem.expression or "")
    assert "'code' is given more than once" in problem.message


def test_a_number_out_of_range_is_named_by_its_item() -> None:
    response = _runner()
    _item(response, "duration_weeks")["answer"] = [{"valueInteger": 9999}]
    problem = _problem(response)
    assert problem.link_id == "duration_weeks"
    assert problem.type == "number_out_of_range"
    assert "linkId='duration_weeks'" in (problem.expression or "")


def test_a_response_to_another_questionnaire_is_refused() -> None:
    response = _runner()
    response["questionnaire"] = "http://example.org/Questionnaire/phq-9"
    assert _problem(response).type == "wrong_questionnaire"


def test_any_version_of_the_intake_questionnaire_is_read() -> None:
    response = _runner()
    response["questionnaire"] = f"{canonical.QUESTIONNAIRE_URL}|2025.1.0"
    assert read_response(response) == parse_intake(RUNNER)


def test_a_modifier_extension_is_refused_rather_than_ignored() -> None:
    response = _runner()
    _item(response, "sit_bone_pain")["modifierExtension"] = [
        {"url": "http://example.org/negated", "valueBoolean": True}
    ]
    assert _problem(response).type == "modifier_extension"


def test_another_resource_is_refused() -> None:
    problem = _problem({"resourceType": "Patient", "id": "x"})
    assert problem.type == "wrong_resource"


def _with_person(sex: dict[str, Any] | None, age: dict[str, Any] | None) -> dict[str, Any]:
    response = response_from_intake({"answers": {"sit_bone_pain": "yes", "cyclical_pain": "yes"}})
    person: list[dict[str, Any]] = []
    for link_id, answer in (("age", age), ("sex", sex)):
        item: dict[str, Any] = {"linkId": link_id}
        if answer is not None:
            item["answer"] = [answer]
        person.append(item)
    response["item"].insert(0, {"linkId": "person", "item": person})
    return response


@pytest.mark.parametrize(
    ("sex", "json_sex"),
    [
        (None, None),
        (
            {
                "valueCoding": {
                    "system": "http://hl7.org/fhir/administrative-gender",
                    "code": "unknown",
                }
            },
            None,
        ),
    ],
)
def test_an_unknown_or_unanswered_age_and_sex_are_read_as_unknown(
    sex: dict[str, Any] | None, json_sex: str | None
) -> None:
    intake = read_response(_with_person(sex, None))
    assert intake.age is None  # an age item without an answer: not known
    assert intake.sex == json_sex
    answers = {"sit_bone_pain": "yes", "cyclical_pain": "yes"}
    expected: dict[str, Any] = {"age": "unknown", "answers": answers}
    if json_sex is not None:
        expected["sex"] = json_sex
    assert assess(intake) == assess(expected)
