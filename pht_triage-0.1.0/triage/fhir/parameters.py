"""An operation's input resource: sent bare, or as a FHIR `Parameters` resource parameter.

FHIR operations (http.html#operations) take their input as `Parameters`; when an operation has one
input that is a resource, the resource may be sent bare instead. `$assess` and `$next-question`
read both forms alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage.errors import IntakeError
from triage.fhir.response import ItemProblem


def resource_parameter(body: Any, name: str, kind: str) -> Mapping[str, Any]:
    """The resource of type `kind`: the body itself, or its Parameters' parameter `name`."""
    if isinstance(body, Mapping) and body.get("resourceType") == kind:
        return body
    if isinstance(body, Mapping) and body.get("resourceType") == "Parameters":
        parameters = body.get("parameter")
        for index, parameter in enumerate(parameters if isinstance(parameters, list) else []):
            if isinstance(parameter, Mapping) and parameter.get("name") == name:
                resource = parameter.get("resource")
                if isinstance(resource, Mapping) and resource.get("resourceType") == kind:
                    return resource
                raise _bad(("parameter", index, "resource"), f"'{name}' must hold a {kind}")
        raise _bad(("parameter",), f"Parameters must have a '{name}' parameter")
    raise _bad(("resourceType",), f"expected Parameters with a '{name}', or a {kind}")


def _bad(loc: tuple[str | int, ...], message: str) -> IntakeError:
    expression = "Parameters" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
    return IntakeError([ItemProblem(loc, message, "wrong_resource", expression=expression)])
