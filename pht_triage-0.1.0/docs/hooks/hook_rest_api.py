"""The REST API reference page, from the service's own OpenAPI document: every operation, then
every schema, with the document itself beside it for download."""

from __future__ import annotations

from typing import Any

from hook_tables import GENERATED, table

OPENAPI_FILE = "reference/openapi.json"
"""The OpenAPI document, generated beside the REST API page, for download."""


def openapi() -> dict[str, Any]:
    """The service's OpenAPI document, as `/openapi.json` serves it."""
    from api.app import create_app
    from api.settings import Settings

    schema: dict[str, Any] = create_app(Settings(warm_engines=0, docs=True)).openapi()
    return schema


def _link(ref: str) -> str:
    name = ref.rsplit("/", 1)[-1]
    return f"[{name}](#schema-{name.lower()})"


def _schema_name(content: dict[str, Any]) -> str:
    names = []
    for media, body in content.items():
        ref = body.get("schema", {}).get("$ref", "")
        names.append(f"`{media}`" + (f" ({_link(ref)})" if ref else ""))
    return ", ".join(names)


def _operations(schema: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            name = operation.get("operationId", "")
            lines += ["", f"### `{method.upper()} {path}` {{#{name.lower()}}}", ""]
            lines += [f"**{operation.get('summary', '')}** (operation id `{name}`)", ""]
            lines += [operation.get("description", "").strip(), ""]
            body = operation.get("requestBody")
            if body:
                lines += [f"Request body: {_schema_name(body.get('content', {}))}.", ""]
            responses = operation.get("responses", {})
            lines += table(
                ("status", "meaning", "content"),
                (
                    (code, r.get("description", ""), _schema_name(r.get("content", {})))
                    for code, r in responses.items()
                ),
            )
    return lines


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return _link(prop["$ref"])
    for key in ("anyOf", "oneOf", "allOf"):
        if key in prop:
            return " or ".join(_type(option) for option in prop[key])
    if prop.get("type") == "array":
        return f"array of {_type(prop.get('items', {}))}"
    if "enum" in prop:
        return "one of " + ", ".join(f"`{value}`" for value in prop["enum"])
    return str(prop.get("type", "any"))


def _schemas(schema: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        lines += ["", f"### {name} {{#schema-{name.lower()}}}", ""]
        lines += [component.get("description", "").strip(), ""]
        properties = component.get("properties", {})
        required = set(component.get("required", []))
        if properties:
            lines += table(
                ("field", "type", "required", "meaning"),
                (
                    (
                        f"`{key}`",
                        _type(prop),
                        "yes" if key in required else "",
                        prop.get("description", ""),
                    )
                    for key, prop in properties.items()
                ),
            )
        elif "enum" in component:
            lines += [f"One of {', '.join(f'`{value}`' for value in component['enum'])}."]
    return lines


def rest_api_markdown() -> str:
    """The REST API from the service's own OpenAPI document: every operation, then every schema."""
    schema = openapi()
    info = schema["info"]
    operations = [
        (
            f"`{method.upper()}`",
            f"[`{path}`](#{op.get('operationId', '').lower()})",
            op.get("summary", ""),
        )
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    ]
    return "\n".join(
        [
            "# REST API",
            "",
            f"{info['title']}, OpenAPI {schema['openapi']}. {GENERATED} The same document is served by a",
            "running service at `/openapi.json`, with Swagger UI at `/docs` and ReDoc at `/redoc`, all",
            "without internet access. Download it: [openapi.json](openapi.json).",
            "",
            "## Operations",
            "",
            *table(("method", "path", "what it does"), operations),
            *_operations(schema),
            "",
            "## Schemas",
            *_schemas(schema),
            "",
        ]
    )
