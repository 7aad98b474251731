"""The tools: `interview_step`, `assess`, `parse_text` and `explain`.

Each is read-only, idempotent and closed-world: it reads the arguments and the rule base, and
nothing else. Each declares the contract's models as its input and output schemas; the arguments
are read by those models (`api.mcp.arguments`), so a bad one is a tool error naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import AcceptedElicitation, Context, ElicitationResult, Resolve
from mcp.server.mcpserver.tools import Tool
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from api.mcp import descriptions
from api.mcp.arguments import core_of, interview_request, raw_arguments
from api.mcp.explain import Explanation, explain
from api.mcp.form import screen_form
from api.mcp.results import (
    AssessmentResult,
    FormAnswers,
    InterviewStepResult,
    bad_arguments,
    relay,
    tool_result,
)
from api.routers.parse import ParseRequest, ParseResult
from api.schemas import InterviewStepOut
from triage import Intake, IntakeError, field_problems
from triage.freetext import parse
from triage.interview import InterviewRequest, parse_request

ModelT = TypeVar("ModelT", bound=BaseModel)


class AssessArguments(BaseModel):
    """The arguments of `assess`: one intake."""

    model_config = ConfigDict(extra="forbid")

    intake: Intake = Field(description=descriptions.INTAKE)


class ExplainArguments(BaseModel):
    """The arguments of `explain`: one id."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(max_length=200, description=descriptions.EXPLAIN_ID)


def _read(model: type[ModelT], ctx: Context[Any]) -> ModelT:
    """The call's arguments read by a model; raises IntakeError naming every bad field."""
    try:
        return model.model_validate(raw_arguments(ctx))
    except ValidationError as error:
        raise IntakeError.of(field_problems(error)) from None


async def interview_step(
    ctx: Context[Any],
    form: Annotated[ElicitationResult[BaseModel], Resolve(screen_form)],
) -> Annotated[CallToolResult, InterviewStepResult]:
    """The next question of the interview, whether to stop, and the result so far."""
    request = interview_request(ctx)
    if isinstance(request, IntakeError):
        return bad_arguments(request, "interview_step")
    answered = _form_answers(form)
    if answered is not None and answered.answers:
        request = _with_answers(raw_arguments(ctx), answered.answers)
    step = core_of(ctx).next_step(request)
    shown = InterviewStepOut.of(step)
    result = InterviewStepResult(**dict(shown), relay=relay(step.triage), form=answered)
    return tool_result(result, result.relay)


def _form_answers(form: ElicitationResult[BaseModel]) -> FormAnswers | None:
    """What the person did with the form, or None when no form was shown."""
    if not isinstance(form, AcceptedElicitation):
        return FormAnswers(action=form.action, answers={})
    if form.data is None:
        return None
    return FormAnswers(action="accept", answers=form.data.model_dump())


def _with_answers(sent: dict[str, Any], answers: Mapping[str, str]) -> InterviewRequest:
    """The request as sent (already read once), with the form's answers added."""
    return parse_request({**sent, "answers": {**sent.get("answers", {}), **answers}})


async def assess(ctx: Context[Any]) -> Annotated[CallToolResult, AssessmentResult]:
    """The assessment of one intake."""
    try:
        arguments = _read(AssessArguments, ctx)
    except IntakeError as error:
        return bad_arguments(error, "assess")
    assessment = core_of(ctx).assess(arguments.intake)
    result = AssessmentResult(**dict(assessment), relay=relay(assessment.triage))
    return tool_result(result, result.relay)


async def parse_text(ctx: Context[Any]) -> Annotated[CallToolResult, ParseResult]:
    """The answers a person's own words give."""
    try:
        arguments = _read(ParseRequest, ctx)
    except IntakeError as error:
        return bad_arguments(error, "parse_text")
    return tool_result(ParseResult.model_validate(parse(arguments.text).as_dict()), None)


async def explain_id(ctx: Context[Any]) -> Annotated[CallToolResult, Explanation]:
    """What an id of the rule base or the questionnaire means."""
    try:
        return tool_result(explain(_read(ExplainArguments, ctx).id), None)
    except IntakeError as error:
        return bad_arguments(error, "explain")


TOOLS: tuple[tuple[str, str, Callable[..., Any], type[BaseModel], str], ...] = (
    (
        "interview_step",
        "Next interview question",
        interview_step,
        InterviewRequest,
        descriptions.INTERVIEW_STEP,
    ),
    ("assess", "Assess an intake", assess, AssessArguments, descriptions.ASSESS),
    (
        "parse_text",
        "Read the person's own words",
        parse_text,
        ParseRequest,
        descriptions.PARSE_TEXT,
    ),
    (
        "explain",
        "Explain a question, rule or level",
        explain_id,
        ExplainArguments,
        descriptions.EXPLAIN,
    ),
)
"""Each tool: name, title, function, the model of its arguments, and its description."""


def _read_only(title: str) -> ToolAnnotations:
    """Every tool only reads its arguments and the rule base: nothing changes, nothing outside."""
    return ToolAnnotations(
        title=title,
        read_only_hint=True,
        destructive_hint=False,
        idempotent_hint=True,
        open_world_hint=False,
    )


def tools() -> list[Tool]:
    """The tools, each with the contract model's schema as its input schema."""
    made = []
    for name, title, function, arguments, description in TOOLS:
        tool = Tool.from_function(
            function,
            name=name,
            title=title,
            description=description,
            annotations=_read_only(title),
        )
        made.append(tool.model_copy(update={"parameters": arguments.model_json_schema()}))
    return made
