"""Answers serialised once, straight from the core's pydantic models."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fastapi import Response
from pydantic import BaseModel


def json_response(model: BaseModel) -> Response:
    """A JSON response written by pydantic's serialiser, skipping FastAPI's second validation.

    The route still declares its `response_model`, so the OpenAPI schema is unchanged, and the
    schemathesis test checks that every answer fits it.
    """
    return Response(content=model.model_dump_json(), media_type="application/json")


FHIR_MEDIA_TYPE = "application/fhir+json"
"""The media type of a FHIR resource in JSON (FHIR R4, http.html#mime-type)."""


def fhir_response(
    resource: Mapping[str, Any],
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A FHIR resource (a plain dict built by `triage.fhir`) as `application/fhir+json`."""
    content = json.dumps(resource, ensure_ascii=False, separators=(",", ":"))
    return Response(
        content=content,
        status_code=status_code,
        media_type=FHIR_MEDIA_TYPE,
        headers=dict(headers or {}),
    )
