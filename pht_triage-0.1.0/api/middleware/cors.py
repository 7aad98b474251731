"""CORS, with a refused preflight answered as a problem like every other error."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from api.problems import problem, problem_response


class ProblemCORS(CORSMiddleware):
    """Starlette's CORS middleware; a preflight it refuses gets a 400 problem, not plain text."""

    def preflight_response(self, request_headers: Headers) -> Response:
        """Starlette's answer, turned into a problem when it refuses (naming what it refused)."""
        answer = super().preflight_response(request_headers)
        if answer.status_code < 400:
            return answer
        refused = bytes(answer.body).decode("utf-8", "replace")
        detail = f"This cross-origin request is not allowed: {refused}."
        headers = {k: v for k, v in answer.headers.items() if k.lower().startswith("vary")}
        return problem_response(problem(answer.status_code, detail), headers)
