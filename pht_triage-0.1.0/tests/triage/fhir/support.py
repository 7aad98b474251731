"""What the FHIR tests share: validating a resource with `fhir.resources` (R4B reads R4)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fhir.resources.R4B.resource import Resource

from tests.triage.fhir.invariants import broken
from triage.models import Intake

RUNNER_RESPONSE = Path(__file__).parent / "data" / "runner-response.json"
"""A QuestionnaireResponse file written as a clinic's system would send it."""

RUNNER_RESPONSE_INTAKE: dict[str, Any] = Intake.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index,assignment]
"""The intake that file holds: the intake model's own worked example (the README's runner)."""


def validated(
    resource: Mapping[str, Any], *, emitted: bool = True, invariants: bool = True
) -> Resource:
    """The resource parsed by fhir.resources' class for its `resourceType`, its R4 invariants
    evaluated by a FHIRPath engine (`tests.triage.fhir.invariants`); raises if invalid. A resource
    the service emits (`emitted`) must also have a narrative and a display on every coding. A
    test that validates every step of a long exchange may evaluate the invariants (about a tenth
    of a second a resource) on some steps only (`invariants`)."""
    failing = broken(resource, emitted=emitted) if invariants else []
    assert not failing, f"{resource['resourceType']} breaks {failing}"
    kind = resource["resourceType"]
    module = importlib.import_module(f"fhir.resources.R4B.{kind.lower()}")
    model: type[Resource] = getattr(module, kind)
    return model.model_validate(dict(resource))
