"""OpenAPI links: how a response leads to the next call, for client generators and stateful tests.

The service keeps no state, so every link passes on the request's own body (`$request.body`): the
answers given so far. An interview goes on by sending them again with one more answer; an assessment
can go on as an interview from the same answers.
"""

from __future__ import annotations

from typing import Any

_SAME_ANSWERS = "$request.body"

FROM_INTERVIEW_STEP: dict[str, dict[str, Any]] = {
    "nextStep": {
        "operationId": "interviewStep",
        "requestBody": _SAME_ANSWERS,
        "description": "The next step: send the same answers again, with the answer to `question` "
        "added where its `field` says (the interview keeps no state).",
    },
}
"""Where an interview step leads: the next step. There is no link to `assess` from a step: a step's
body may hold `second_answers`, which an assessment does not take, and the step already carries the
assessment of every answer so far (`assessment`, or `triage` alone on an emergency)."""

FROM_ASSESS: dict[str, dict[str, Any]] = {
    "interview": {
        "operationId": "interviewStep",
        "requestBody": _SAME_ANSWERS,
        "description": "Go on as an interview from the same answers: the next question worth "
        "asking, if any.",
    },
}
"""Where an assessment leads: an interview that goes on from the same answers."""
