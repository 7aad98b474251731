"""Every error of the service in one shape: RFC 9457 problem details, `application/problem+json`.

Errors are plain data until they reach this module: the core's `TriageError`s (each of a `kind`
that `ERROR_KINDS` maps to a status), FastAPI's validation errors, Starlette's HTTP exceptions (404,
405, and the 413 and 415 raised by the service itself). Each becomes a `Problem` here and nowhere
else. Bad fields are described by `triage.errors`, so the library and the service word them
identically.

Nothing here logs a request or response body: the only log line is for an unexpected error, and it
names the exception's type and where it was raised, never its message (which could quote input).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from types import MappingProxyType
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.responses import fhir_response
from triage import (
    MAX_LISTED,
    CdsRequestError,
    DuplicateKeyError,
    FieldProblem,
    IntakeError,
    TriageError,
    problems_from_details,
)
from triage.fhir import operation_outcome

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:pht-triage:problem:"
FHIR_PREFIX = "/fhir/"
"""Errors on paths under this prefix are FHIR OperationOutcomes, not problems."""

logger = logging.getLogger("api.problems")
server_log = logging.getLogger("uvicorn.error")
"""The server's own log, shown at INFO by `triage serve`: for events that are not faults."""

_STATUSES: dict[int, tuple[str, str]] = {
    400: ("malformed-request", "The request body could not be read"),
    401: ("unauthorized", "An API key is needed"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    408: ("request-timeout", "The request did not arrive in time"),
    412: ("precondition-failed", "Data the service needs was not sent"),
    413: ("body-too-large", "The request body is too large"),
    406: ("not-acceptable", "No answer in an acceptable media type"),
    415: ("unsupported-media-type", "The request body's media type is not supported"),
    422: ("invalid-request", "The request does not follow the contract"),
    429: ("too-many-requests", "Too many requests"),
    431: ("headers-too-large", "The request headers are too large"),
    500: ("internal-error", "Internal error"),
    503: ("service-unavailable", "The service is too busy"),
}
"""Each status's problem type (after `TYPE_PREFIX`) and title."""

FAULT_DETAIL = "Something went wrong on our side."
"""The detail of every 500: a fault of the service says nothing of what it was."""


@dataclass(frozen=True, slots=True)
class ErrorKind:
    """How the service answers a kind of core error: its status, and its detail from the message."""

    status: int
    detail: str = "{message}"


ERROR_KINDS: Mapping[str, ErrorKind] = MappingProxyType(
    {
        # Input the caller sent that the core refuses.
        "invalid-input": ErrorKind(422),
        "invalid-intake": ErrorKind(422),
        "text-too-long": ErrorKind(422),
        "invalid-annotated-set": ErrorKind(422),
        "invalid-prior": ErrorKind(422),
        "invalid-cds-request": ErrorKind(400),
        "missing-prefetch": ErrorKind(412),
        # Intake files (`triage.files`, screening, case and validation files).
        "unreadable-source": ErrorKind(422, "The body cannot be screened: {message}"),
        "unreadable-table": ErrorKind(422),
        "repeated-column": ErrorKind(422),
        "unknown-columns": ErrorKind(422),
        "duplicate-key": ErrorKind(422),
        "unusable-case-files": ErrorKind(422),
        "bad-cases": ErrorKind(422),
        "bad-validation-cases": ErrorKind(422),
        # Faults of the service's own set-up or data, never of a request: a 500 that says nothing.
        "invalid-setting-file": ErrorKind(500),
        "invalid-phrase": ErrorKind(500),
        "command-failed": ErrorKind(500),
    }
)
"""Every `TriageError` kind and how the service answers it; problem type and title follow the status.

The types stay those of the statuses (`invalid-request` for a 422), so that clients see the same
problem whichever core error lies behind it.
"""


class FieldError(BaseModel):
    """One bad field: its path, what is wrong, and the nearest valid id for a mistyped one."""

    path: str = Field(description="Dotted path of the field, e.g. `answers.sit_bone_pian`.")
    loc: list[str | int] = Field(description="The same path as a list of keys and indexes.")
    message: str
    type: str = Field(description="A stable code for the kind of problem, e.g. `unknown_question`.")
    suggestion: str | None = Field(
        default=None, description="The nearest valid question id, for a mistyped one."
    )


class Problem(BaseModel):
    """An error, as RFC 9457 problem details, with every bad field listed in `errors`."""

    type: str = Field(description="A URI naming the kind of problem.")
    title: str
    status: int
    detail: str
    instance: str | None = Field(default=None, description="The path of the request.")
    errors: list[FieldError] = Field(
        default_factory=list, description=f"The bad fields, at most {MAX_LISTED}."
    )
    more_errors: int = Field(
        default=0, description="How many more bad fields there were than `errors` lists."
    )


class BodyTimedOut(HTTPException):
    """A request body that did not all arrive within the deadline; the connection is closed."""

    def __init__(self, timeout_s: float) -> None:
        detail = f"The request body did not all arrive within {timeout_s:g} seconds."
        super().__init__(408, detail, headers={"connection": "close"})


class BodyTooLarge(HTTPException):
    """A request body over the configured limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than the limit of {limit} bytes.")


class UnsupportedMediaType(HTTPException):
    """A request body not declared in a media type the route reads (JSON unless it says)."""

    def __init__(
        self, detail: str = "Send the body as JSON, with 'Content-Type: application/json'."
    ) -> None:
        super().__init__(415, detail)


class NotAcceptable(HTTPException):
    """An `Accept` header that allows none of the media types the route answers in."""

    def __init__(self, detail: str) -> None:
        super().__init__(406, detail)


def problem(
    status: int,
    detail: str,
    problems: Iterable[FieldProblem] = (),
    instance: str | None = None,
    more: int = 0,
) -> Problem:
    """A problem of a given status, with its type and title from the status."""
    slug, title = _STATUSES.get(status, ("http-error", HTTPStatus(status).phrase))
    return Problem(
        type=TYPE_PREFIX + slug,
        title=title,
        status=status,
        detail=detail,
        instance=instance,
        errors=[field_error(p) for p in problems],
        more_errors=more,
    )


def field_error(found: FieldProblem) -> FieldError:
    """A core field problem as the service shows it."""
    return FieldError(
        path=found.path,
        loc=list(found.loc),
        message=found.message,
        type=found.type,
        suggestion=found.suggestion,
    )


def triage_problem(error: TriageError, instance: str | None = None) -> Problem:
    """The problem for an error the core raised on purpose, its status from `ERROR_KINDS`."""
    kind = ERROR_KINDS.get(error.kind, ERROR_KINDS[TriageError.kind])
    if kind.status >= 500:
        return problem(kind.status, FAULT_DETAIL, instance=instance)
    if isinstance(error, IntakeError):
        detail = _bad_fields("intake", error.count)
        return problem(kind.status, detail, error.problems, instance, error.more)
    if isinstance(error, CdsRequestError):
        count = len(error.problems)
        detail = f"The CDS Hooks request has {count} bad field{_s(count)}; see 'errors'."
        return problem(kind.status, detail, error.problems, instance)
    if isinstance(error, DuplicateKeyError):
        detail = _bad_fields("request", 1)
        return problem(kind.status, detail, [error.problem()], instance)
    return problem(kind.status, kind.detail.format(message=error.message), instance=instance)


def problem_response(
    found: Problem,
    headers: Mapping[str, str] | None = None,
    source: Sequence[FieldProblem] = (),
) -> Response:
    """The HTTP response for a problem; on a FHIR route, the same error as an OperationOutcome.

    `source` gives the core's field problems behind the problem's errors, so that an issue keeps
    the FHIRPath of a QuestionnaireResponse item (`triage.fhir.outcome`).
    """
    if found.instance is not None and found.instance.startswith(FHIR_PREFIX):
        problems = source or [
            FieldProblem(tuple(error.loc), error.message, error.type, error.suggestion)
            for error in found.errors
        ]
        outcome = operation_outcome(found.status, found.detail, problems)
        return fhir_response(outcome, found.status, headers)
    return JSONResponse(
        found.model_dump(mode="json"),
        status_code=found.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=dict(headers or {}),
    )


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of the problems a route can answer with."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        status: {
            "description": _STATUSES[status][1],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}},
        }
        for status in statuses
    }


def add_problem_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem response."""
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(TriageError, _triage_error)
    app.add_middleware(UnexpectedErrors)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 404:
        detail = f"There is no resource at {request.url.path}."
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}."
    return problem_response(
        problem(exc.status_code, detail, instance=request.url.path), exc.headers
    )


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = list(exc.errors())
    path = request.url.path
    broken = [d for d in details if d.get("type") == "json_invalid"]
    if broken:
        reason = broken[0].get("ctx", {}).get("error", "invalid JSON")
        position = _after_body(broken[0].get("loc", ()))
        where = f" at character {position[0]}" if position else ""
        unreadable = FieldProblem(
            (), f"The body is not valid JSON: {reason}{where}.", "json_invalid"
        )
        return problem_response(problem(400, "The body is not valid JSON.", [unreadable], path))
    found = problems_from_details({**d, "loc": _after_body(d.get("loc", ()))} for d in details)
    detail = _bad_fields("request", len(found.listed) + found.more)
    return problem_response(problem(422, detail, found.listed, path, found.more))


def _bad_fields(what: str, count: int) -> str:
    """The detail of a 422: how many bad fields, and where they are listed."""
    listed = f"see 'errors' (the first {MAX_LISTED})" if count > MAX_LISTED else "see 'errors'"
    return f"The {what} has {count} bad field{_s(count)}; {listed}."


def _s(count: int) -> str:
    return "s" if count != 1 else ""


async def _triage_error(request: Request, exc: Exception) -> Response:
    """The one handler of the core's errors: each kind's status from `ERROR_KINDS`."""
    assert isinstance(exc, TriageError)
    found = triage_problem(exc, request.url.path)
    if found.status >= 500:
        _log_fault(exc, request.method, request.url.path)
    listed = exc.problems if isinstance(exc, IntakeError | CdsRequestError) else ()
    return problem_response(found, source=listed)


def _after_body(loc: Sequence[Any]) -> tuple[str | int, ...]:
    """A validation error's location without FastAPI's leading `body`."""
    parts = tuple(loc)
    return parts[1:] if parts[:1] == ("body",) else parts


class UnexpectedErrors:
    """The last resort: any exception not handled above becomes a 500 problem that leaks nothing.

    It is a middleware rather than an exception handler because Starlette re-raises an exception
    after its 500 handler runs, and the server would then log the exception's message.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except ClientDisconnect:  # the client went away mid-upload: nobody to answer, no fault here
            server_log.info(
                "Client went away before its request body arrived: %s %s",
                scope.get("method"),
                scope.get("path"),
            )
        except Exception as exc:
            _log_fault(exc, scope.get("method"), scope.get("path"))
            if not started:
                found = problem(500, FAULT_DETAIL, instance=scope.get("path"))
                await problem_response(found)(scope, receive, send)


def _log_fault(exc: Exception, method: str | None, path: str | None) -> None:
    """Log a fault by its type and where it was raised, never its message (it could quote input)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("Unexpected %s on %s %s\n%s", type(exc).__name__, method, path, frames)
