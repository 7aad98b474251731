"""How the FHIR routes' bodies appear in the OpenAPI schema: a resource in, a resource out.

`/v1/assessments` and `/v1/interview` also read a QuestionnaireResponse (`application/fhir+json`);
their docs say so in words, since a second request media type makes client generators emit a
broken client (openapi-python-client 0.2x: a union body that does not import `Unset`).

The resources are plain JSON built by the core, so the schema names their `resourceType` and points
at the FHIR specification rather than restating it; the tests validate them with fhir.resources.
"""

from __future__ import annotations

from typing import Any

from api.responses import FHIR_MEDIA_TYPE

_SPEC = "https://hl7.org/fhir/R4/{}.html"


_COMPONENTS: dict[str, dict[str, Any]] = {}
"""Each FHIR resource type a route names, as one shared schema component (`Fhir<Type>`)."""


def resource_schema(kind: str, description: str = "") -> dict[str, Any]:
    """A reference to the shared schema of one FHIR resource type, registered on first use."""
    name = f"Fhir{kind}"
    _COMPONENTS.setdefault(
        name,
        {
            "type": "object",
            "title": name,
            "description": f"A FHIR R4 {kind} ({_SPEC.format(kind.lower())}).",
            "required": ["resourceType"],
            "properties": {"resourceType": {"type": "string", "enum": [kind]}},
            "additionalProperties": True,
        },
    )
    return {"$ref": f"#/components/schemas/{name}"}


def add_fhir_components(schema: dict[str, Any]) -> None:
    """Add the shared FHIR resource schemas to an OpenAPI document's components."""
    schema.setdefault("components", {}).setdefault("schemas", {}).update(_COMPONENTS)


def fhir_body(kind: str, description: str) -> dict[str, Any]:
    """`openapi_extra` for a FHIR route whose body is one resource."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            # `application/json` is read too; only one media type is documented, so that client
            # generators make one model of the body.
            "content": {FHIR_MEDIA_TYPE: {"schema": resource_schema(kind)}},
        }
    }


def fhir_responses(kind: str, description: str, *errors: int) -> dict[int | str, dict[str, Any]]:
    """The answers of a FHIR route: the resource, or the shared OperationOutcome for each error."""
    outcome = {FHIR_MEDIA_TYPE: {"schema": resource_schema("OperationOutcome")}}
    found: dict[int | str, dict[str, Any]] = {
        200: {
            "description": description,
            "content": {FHIR_MEDIA_TYPE: {"schema": resource_schema(kind)}},
        }
    }
    for status in errors:
        found[status] = {
            "description": "An OperationOutcome naming each bad item",
            "content": outcome,
        }
    return found
