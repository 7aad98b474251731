"""`triage screen` on FHIR files: a Bundle of QuestionnaireResponses, and NDJSON of them."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.intakes import distinct, full_intake, sparse_intake
from tests.triage.cli.test_screen_command import _assert_row_is, _csv, _screen
from tests.triage.fhir.support import RUNNER_RESPONSE, RUNNER_RESPONSE_INTAKE
from triage import assess
from triage.fhir.response import response_from_intake

FINE = {"answers": {"saddle_numbness": "no", "sit_bone_pain": "yes", "sitting_pain": "yes"}}
"""A short intake whose response sits around the bad entries."""


def _whole(intakes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Intakes with whole numbers: the Questionnaire's number items are `integer` items."""
    return [
        {
            **intake,
            "answers": {
                name: round(value) if isinstance(value, float) else value
                for name, value in intake["answers"].items()
            },
        }
        for intake in intakes
    ]


def _response(intake: dict[str, Any], response_id: str, *, identifier: bool = False) -> Any:
    """The intake as a QuestionnaireResponse, named by `id` or by `identifier.value`."""
    found = response_from_intake(intake)
    if identifier:
        found["identifier"] = {"system": "urn:clinic:forms", "value": response_id}
    else:
        found["id"] = response_id
    return found


def _bundle(resources: list[Any]) -> dict[str, Any]:
    """A collection Bundle as a clinic's system exports it: meta and type first, then entries."""
    return {
        "resourceType": "Bundle",
        "meta": {"lastUpdated": "2026-11-30T17:00:00Z"},
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:00000000-0000-4000-8000-{n:012d}", "resource": resource}
            for n, resource in enumerate(resources)
        ],
    }


def _write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bundle_gives_one_row_per_response_in_order_equal_to_assess(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    intakes = [
        RUNNER_RESPONSE_INTAKE,
        *_whole(distinct(full_intake, 30, seed=21)),
        *_whole(distinct(sparse_intake, 30, seed=22)),
    ]
    resources = [json.loads(RUNNER_RESPONSE.read_text(encoding="utf-8"))] + [
        _response(intake, f"R{n}", identifier=n % 2 == 0) for n, intake in enumerate(intakes[1:])
    ]
    source = _write(tmp_path / "forms.json", _bundle(resources))
    status, out, err = _screen(capsys, str(source), "-o", "-", "--jobs", jobs)
    assert status == 0, err
    rows = _csv(out)
    assert [row["id"] for row in rows] == ["runner-1", *[f"R{n}" for n in range(60)]]
    for row, intake in zip(rows, intakes, strict=True):
        _assert_row_is(row, assess(intake))


def test_a_bad_response_in_the_middle_is_its_rows_error_naming_the_link_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _response(FINE, "bad")
    [answer] = bad["item"][0]["item"][0]["answer"]  # saddle_numbness, the first red flag
    assert bad["item"][0]["item"][0]["linkId"] == "saddle_numbness"
    answer["valueCoding"]["code"] = "maybe"
    source = _write(
        tmp_path / "forms.json", _bundle([_response(FINE, "a"), bad, _response(FINE, "c")])
    )
    output = tmp_path / "results.jsonl"
    status, _, err = _screen(capsys, str(source), "-o", str(output), "--jobs", "1")
    assert status == 1
    first, second, third = (json.loads(line) for line in output.read_text().splitlines())
    assert first["assessment"] == third["assessment"] == assess(FINE).model_dump(mode="json")
    assert [first["id"], second["id"], third["id"]] == ["a", "bad", "c"]
    (problem,) = second["error"]["problems"]
    assert "linkId='saddle_numbness'" in problem["column"]
    assert problem["type"] == "wrong_answer_type"
    assert problem["value"] == "maybe"
    assert "row 2:" in err


def test_an_entry_that_is_not_a_questionnaire_response_is_an_error_in_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    patient = {"resourceType": "Patient", "id": "p1", "birthDate": "1990-01-01"}
    bundle = _bundle([_response(FINE, "a"), patient, _response(FINE, "c")])
    bundle["entry"].insert(2, {"fullUrl": "urn:uuid:no-resource"})
    source = _write(tmp_path / "forms.json", bundle)
    status, out, _ = _screen(capsys, str(source), "-o", "-", "--jobs", "1")
    assert status == 1
    first, second, third, fourth = _csv(out)
    assert first["level"] == fourth["level"] == assess(FINE).triage.level.value
    assert second["id"] == "p1"
    assert (
        second["error"]
        == "entry.resource.resourceType: expected a QuestionnaireResponse, got Patient"
    )
    assert third["error"] == "entry.resource: the entry holds no resource"


def test_a_repeated_key_in_a_response_is_its_rows_error_naming_the_link_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fine = json.dumps(_response({"answers": {"saddle_numbness": "yes"}}, "fine"))
    twice = fine.replace('"code": "yes"', '"code": "yes", "code": "no"').replace("fine", "twice")
    assert twice.count('"code"') == 2
    source = tmp_path / "forms.json"
    source.write_text(
        '{"resourceType": "Bundle", "type": "collection", "entry": ['
        f'{{"resource": {fine}}},\n{{"resource": {twice}}},\n{{"resource": {fine}}}]}}',
        encoding="utf-8",
    )
    status, out, _ = _screen(capsys, str(source), "-o", "-", "--jobs", "1")
    rows = _csv(out)
    assert status == 1
    assert [row["id"] for row in rows] == ["fine", "twice", "fine"]
    assert {rows[0]["level"], rows[2]["level"]} == {
        assess({"answers": {"saddle_numbness": "yes"}}).triage.level.value
    }
    assert rows[1]["level"] == ""
    assert "linkId='saddle_numbness'" in rows[1]["error"]
    assert "'code' is given more than once in the item 'saddle_numbness'" in rows[1]["error"]


def test_a_key_repeated_in_the_bundle_itself_refuses_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = json.dumps({"resource": _response(FINE, "a")})
    source = tmp_path / "forms.json"
    source.write_text(
        f'{{"resourceType": "Bundle", "entry": [{entry}], "entry": [{entry}]}}', encoding="utf-8"
    )
    status, out, err = _screen(capsys, str(source), "-o", "-", "--jobs", "1")
    assert status == 2
    assert "'entry' is given more than once in the Bundle" in err
    # The row read before the repeat, then the run stops with a row saying the output is incomplete.
    first, last = _csv(out)
    assert first["level"] and "the output is incomplete" in last["error"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"resourceType": "QuestionnaireResponse", "item": []}, "one response alone goes to"),
        ({"entry": []}, "got no resourceType"),
        (
            {"entry": [{"resource": {}}], "resourceType": "Parameters"},
            "got resourceType 'Parameters'",
        ),
    ],
)
def test_a_json_object_that_is_not_a_bundle_exits_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: Any, message: str
) -> None:
    source = _write(tmp_path / "forms.json", document)
    status, _, err = _screen(capsys, str(source), "-o", "-", "--jobs", "1")
    assert status == 2
    assert message in err


def test_bulk_data_ndjson_of_responses_is_one_row_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    intakes = _whole(distinct(full_intake, 12, seed=23))
    lines = [json.dumps(_response(intake, f"N{n}")) for n, intake in enumerate(intakes)]
    lines.insert(6, json.dumps({"resourceType": "Observation", "id": "o1"}))
    source = tmp_path / "QuestionnaireResponse.ndjson"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, _ = _screen(capsys, str(source), "-o", "-", "--jobs", "2")
    assert status == 1
    rows = _csv(out)
    assert rows.pop(6)["error"] == "resourceType: expected a QuestionnaireResponse, got Observation"
    assert [row["id"] for row in rows] == [f"N{n}" for n in range(12)]
    for row, intake in zip(rows, intakes, strict=True):
        _assert_row_is(row, assess(intake))


def test_a_bundle_on_standard_input_is_told_from_json_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps(_bundle([_response(FINE, "a"), _response(FINE, "b")]), indent=2)
    data = io.BytesIO(text.encode())
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(data)))
    status, out, _ = _screen(capsys, "-", "-o", "-", "--jobs", "1")
    assert status == 0
    assert [row["id"] for row in _csv(out)] == ["a", "b"]


def test_a_warning_sign_asked_again_in_an_adaptive_form_counts_in_the_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unsure = _response({"answers": {"saddle_numbness": "unknown"}}, "again")
    again = {**unsure["item"][0]["item"][0], "linkId": "saddle_numbness.again"}
    again["answer"] = _response({"answers": {"saddle_numbness": "yes"}}, "x")["item"][0]["item"][0][
        "answer"
    ]
    unsure["item"][0]["item"].append(again)
    source = _write(tmp_path / "forms.json", _bundle([unsure]))
    status, out, err = _screen(capsys, str(source), "-o", "-", "--jobs", "1")
    assert status == 0, err
    (row,) = _csv(out)
    _assert_row_is(row, assess({"answers": {"saddle_numbness": "yes"}}))
