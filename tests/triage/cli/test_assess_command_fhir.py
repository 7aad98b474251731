"""`triage assess FILE` reads a FHIR QuestionnaireResponse file as the equal JSON intake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.triage.fhir.support import RUNNER_RESPONSE, RUNNER_RESPONSE_INTAKE
from triage.cli import main
from triage.fhir.response import response_from_intake


def test_a_response_file_is_assessed_as_the_equal_json_intake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    intake_file = tmp_path / "intake.json"
    intake_file.write_text(json.dumps(RUNNER_RESPONSE_INTAKE), encoding="utf-8")
    assert main(["assess", str(intake_file)]) == 0
    from_json = capsys.readouterr().out
    assert main(["assess", str(RUNNER_RESPONSE)]) == 0
    assert capsys.readouterr().out == from_json


def test_a_bad_response_file_exits_2_naming_the_link_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    response = response_from_intake(RUNNER_RESPONSE_INTAKE)
    response["item"][0]["item"][0]["linkId"] = "agee"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(response), encoding="utf-8")
    assert main(["assess", str(path)]) == 2
    error = capsys.readouterr().err
    assert "the QuestionnaireResponse is not valid" in error
    assert "'agee' is not a linkId" in error
