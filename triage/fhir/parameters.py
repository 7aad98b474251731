"""An operation's input resource: sent bare, or as a FHIR `Parameters` resource parameter.

FHIR operations (http.html#operations) take their input as `Parameters`; when an operation has one
input that is a resource, the resource may be sent bare instead. `$assess` and `$next-question`
read both forms alike. An operation's primitive parameters (`$next-question`'s `audience` and
`grouped`) are read from the Parameters too (`value_parameter`).
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
                raise parameters_error(
                    ("parameter", index, "resource"), f"'{name}' must hold a {kind}"
                )
        raise parameters_error(("parameter",), f"Parameters must have a '{name}' parameter")
    raise parameters_error(("resourceType",), f"expected Parameters with a '{name}', or a {kind}")


_VALUE_TYPES: dict[str, type] = {"valueBoolean": bool, "valueCode": str}


def value_parameter(body: Any, name: str, kind: str) -> tuple[tuple[str | int, ...], Any] | None:
    """Where a Parameters body's primitive parameter `name` is, and its value (`kind`, e.g.
    `valueBoolean`); None when the body is no Parameters or has no such parameter. A parameter
    given twice, or with another type of value, is a 422."""
    if not (isinstance(body, Mapping) and body.get("resourceType") == "Parameters"):
        return None
    given = body.get("parameter")
    parameters: list[Any] = given if isinstance(given, list) else []
    found = [
        index
        for index, parameter in enumerate(parameters)
        if isinstance(parameter, Mapping) and parameter.get("name") == name
    ]
    if not found:
        return None
    if len(found) > 1:
        raise parameters_error(
            ("parameter", found[1]), f"'{name}' is given more than once; send it once"
        )
    parameter = parameters[found[0]]
    value = parameter.get(kind)
    values = [key for key in parameter if key.startswith("value")]
    if values != [kind] or not isinstance(value, _VALUE_TYPES[kind]):
        raise parameters_error(("parameter", found[0]), f"'{name}' takes a {kind}", "wrong_type")
    return ("parameter", found[0], kind), value


def parameters_error(
    loc: tuple[str | int, ...], message: str, kind: str = "wrong_resource"
) -> IntakeError:
    """A 422 naming the part of a Parameters body at `loc` (its JSON path) and what is wrong."""
    expression = "Parameters" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
    return IntakeError([ItemProblem(loc, message, kind, expression=expression)])
