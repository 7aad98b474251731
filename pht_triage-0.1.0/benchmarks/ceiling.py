"""The ceiling of the HTTP benchmark: FastAPI answering a constant, on the same server settings.

`uvicorn --factory benchmarks.ceiling:create_app` serves one route that takes the same POST as
the service's endpoints, ignores the body and returns a constant: what the server, the framework
and the machine can do with no work at all.
"""

from __future__ import annotations

from fastapi import FastAPI

ANSWER = {"ok": True}


def create_app() -> FastAPI:
    """An app with one trivial route, `POST /ceiling`."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.post("/ceiling")
    async def ceiling() -> dict[str, bool]:
        """Answer a constant."""
        return ANSWER

    return app
