"""`/v1/questions`: the questionnaire a clinic builds its intake form from."""

from __future__ import annotations

from fastapi import APIRouter

from api.routers import answer_head
from api.schemas import Questionnaire, QuestionOut
from triage.interview import items

router = APIRouter(prefix="/v1/questions", tags=["questionnaire"])


@router.get("", operation_id="listQuestions", summary="The questionnaire")
async def list_questions() -> Questionnaire:
    """Every item of an intake, in the order to ask it: id, where the answer goes, type, choices,
    range, group, the question's plain text and why it is asked."""
    found = [QuestionOut.of(item) for item in items()]
    groups = list(dict.fromkeys(item.group for item in found))
    return Questionnaire(groups=groups, items=found)


answer_head(router)
