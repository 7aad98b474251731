"""`/v1/interview`: the chatbot loop, one question at a time, stateless.

`async def` for the same reason as one assessment (see `api.routers.assessments`): a step is about
a millisecond of CPU, cheaper to run on the event loop than to hand to the thread pool.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Response

from api import links
from api.deps import core, require_json
from api.examples import INTERVIEW_EXAMPLES
from api.json_body import IntakeRoute
from api.problems import documented
from api.responses import json_response
from api.schemas import InterviewStepOut
from triage import Triage
from triage.interview import InterviewRequest

router = APIRouter(
    prefix="/v1/interview",
    tags=["interview"],
    dependencies=[Depends(require_json)],
    responses=documented(400, 413, 415, 422),
    route_class=IntakeRoute,
)


@router.post(
    "",
    operation_id="interviewStep",
    summary="The next question of a chatbot interview",
    response_model=InterviewStepOut,
    responses={200: {"links": links.FROM_INTERVIEW_STEP}},
)
async def interview_step(
    request: Annotated[InterviewRequest, Body(openapi_examples=INTERVIEW_EXAMPLES)],
    triage: Annotated[Triage, Depends(core)],
) -> Response:
    """Send every answer so far; get the next question, whether to stop, and the result so far.

    The warning-sign (red-flag) questions come first, in the contract's order, and the interview
    never stops before they are all asked, unless an emergency is found: then it stops at once with
    the triage alone (after at most one question that decides whether to call an ambulance). After
    the screen it asks the question that could most change the triage level or the likelihood
    band, and stops when no remaining question could.

    It keeps no state, and no item is asked more than twice. Put each answer where the question's
    `field` says: `age` and `sex` at the top level, other answers under `answers`. An item sent as
    `"unknown"` (or `null`) counts as asked. The one exception: a warning-sign question answered
    `"unknown"` is asked once more, right after the screen, with `repeat: true` and a `field` of
    `second_answers.<id>`; its answer goes there, and once an id is in `second_answers` it is never
    asked again. A client that only ever sends `answers` still works until it gets a repeat. A
    FHIR QuestionnaireResponse (`application/fhir+json`) is read as the same answers; an item
    without an answer was asked.

    When `should_stop` is true, `stop_reason` says what to do: `emergency`, show the triage now
    and end; `settled`, show the assessment; `screen_incomplete`, show the assessment (it already
    allows for the warning signs still unknown, never home care) and say that a professional
    should check the signs in `assessment.red_flag_screen.unanswered`.
    """
    return json_response(InterviewStepOut.of(triage.next_step(request)))
