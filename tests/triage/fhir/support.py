"""What the FHIR tests share: validating a resource with `fhir.resources` (R4B reads R4)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fhir.resources.R4B.resource import Resource

from triage.models import Intake

RUNNER_RESPONSE = Path(__file__).parent / "data" / "runner-response.json"
"""A QuestionnaireResponse file written as a clinic's system would send it."""

RUNNER_RESPONSE_INTAKE: dict[str, Any] = Intake.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index,assignment]
"""The intake that file holds: the intake model's own worked example (the README's runner)."""


def validated(resource: Mapping[str, Any]) -> Resource:
    """The resource parsed by fhir.resources' class for its `resourceType`; raises if invalid."""
    kind = resource["resourceType"]
    module = importlib.import_module(f"fhir.resources.R4B.{kind.lower()}")
    model: type[Resource] = getattr(module, kind)
    return model.model_validate(dict(resource))
