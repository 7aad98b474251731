"""What the FHIR tests share: validating a resource with `fhir.resources` (R4B reads R4)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from fhir.resources.R4B.resource import Resource


def validated(resource: Mapping[str, Any]) -> Resource:
    """The resource parsed by fhir.resources' class for its `resourceType`; raises if invalid."""
    kind = resource["resourceType"]
    module = importlib.import_module(f"fhir.resources.R4B.{kind.lower()}")
    model: type[Resource] = getattr(module, kind)
    return model.model_validate(dict(resource))
