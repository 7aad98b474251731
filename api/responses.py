"""Answers serialised once, straight from the core's pydantic models."""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel


def json_response(model: BaseModel) -> Response:
    """A JSON response written by pydantic's serialiser, skipping FastAPI's second validation.

    The route still declares its `response_model`, so the OpenAPI schema is unchanged, and the
    schemathesis test checks that every answer fits it.
    """
    return Response(content=model.model_dump_json(), media_type="application/json")
