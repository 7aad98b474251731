"""What the tools answer: the contract's models with `relay`, as MCP tool results.

An emergency is shown word for word (issue 21, point 3): a result whose triage is `emergency` or
`emergency_ambulance` carries `relay`, the triage's own words (who to see, how soon, and why), in
its structured content and as the first text block, marked for the user with the highest priority.
The structured content follows in a second text block, marked for the model, for hosts that do not
read structured content.
"""

from __future__ import annotations

import json
from typing import Literal

from mcp.types import Annotations, CallToolResult, TextContent
from pydantic import BaseModel, Field

from api.problems import ERROR_KINDS, Problem, problem
from api.schemas import InterviewStepOut
from triage import Assessment, IntakeError, TriageResult

RELAY_DESCRIPTION = (
    "Null unless the triage is an emergency (`emergency` or `emergency_ambulance`). Then it is "
    "the fixed text the person must see: what to do and how soon, and why. Show it to the person "
    "exactly as written, first, before anything else, without shortening, rewording, softening "
    "or translating it, and end the conversation: ask nothing more (a step that still has a "
    "`question` only asks whether to call an ambulance: ask it after the relay)."
)

FOR_USER = Annotations(audience=["user"], priority=1.0)
"""A block the person must see, before anything else."""

FOR_MODEL = Annotations(audience=["assistant"], priority=0.5)
"""The structured content as JSON text, for the model of a host that does not read it."""


class FormAnswers(BaseModel):
    """What the person did with a form the host showed them (MCP elicitation), if one was shown."""

    action: Literal["accept", "decline", "cancel"] = Field(
        description="`accept`: the person answered the form; `decline` or `cancel`: they did not, "
        "so ask the same questions in the conversation."
    )
    answers: dict[str, Literal["yes", "no", "unknown"]] = Field(
        description="The person's answers from the form, keyed by question id. They are already "
        "counted in this step; add each to `answers` in every later call, as if the person had "
        "said it in the conversation."
    )


class InterviewStepResult(InterviewStepOut):
    """An interview step (as `/v1/interview` answers it), with `relay` and any form answers."""

    relay: str | None = Field(description=RELAY_DESCRIPTION)
    form: FormAnswers | None = Field(
        default=None,
        description="Present when the host showed the person a form for warning signs (MCP "
        "elicitation); null otherwise.",
    )


class AssessmentResult(Assessment):
    """An assessment (as `/v1/assessments` answers it), with `relay`."""

    relay: str | None = Field(description=RELAY_DESCRIPTION)


def relay(triage: TriageResult) -> str | None:
    """The fixed words an emergency triage must be shown in; None for any other level."""
    if not triage.level.is_emergency():
        return None
    return "\n".join([triage.see, triage.within, *triage.reasons])


def tool_result(content: BaseModel, relayed: str | None) -> CallToolResult:
    """A tool's answer: the relay first (for the user) when there is one, then the JSON."""
    data = content.model_dump(mode="json")
    blocks = [
        TextContent(type="text", text=json.dumps(data, ensure_ascii=False), annotations=FOR_MODEL)
    ]
    if relayed is not None:
        blocks.insert(0, TextContent(type="text", text=relayed, annotations=FOR_USER))
    return CallToolResult(content=blocks, structured_content=data)


def tool_error(found: Problem) -> CallToolResult:
    """A tool error (`isError`) carrying the same problem the REST service would answer."""
    text = json.dumps(found.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
    return CallToolResult(content=[TextContent(type="text", text=text)], is_error=True)


def bad_arguments(error: IntakeError, tool: str) -> CallToolResult:
    """The tool error for arguments that do not follow the contract, naming every bad field."""
    count = error.count
    detail = (
        f"The arguments of {tool} have {count} bad field{'s' if count != 1 else ''}: see 'errors'."
    )
    status = ERROR_KINDS[error.kind].status
    return tool_error(problem(status, detail, error.problems, tool, error.more))
