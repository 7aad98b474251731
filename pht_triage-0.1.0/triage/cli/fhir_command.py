"""`triage fhir questionnaire` and `triage fhir codesystem`: the FHIR resources of the intake."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from triage.cli.common import Command, print_json
from triage.fhir.questionnaire import questionnaire
from triage.fhir.terminology import answer_code_system

RESOURCES: dict[str, Callable[[], dict[str, Any]]] = {
    "questionnaire": questionnaire,
    "codesystem": answer_code_system,
}
"""What `triage fhir` can print: the intake Questionnaire and the CodeSystem of its answers."""


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "resource",
        choices=tuple(RESOURCES),
        help="questionnaire: the intake as a FHIR R4 Questionnaire; "
        "codesystem: the CodeSystem of yes/no answers",
    )


def _run(args: argparse.Namespace) -> int:
    print_json(RESOURCES[args.resource]())
    return 0


COMMAND = Command("fhir", "print the intake's FHIR resources as JSON", _configure, _run)
