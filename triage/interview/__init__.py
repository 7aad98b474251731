"""The interview: the next question to ask, the foresight behind it, and the questionnaire."""

from triage.interview.groups import (
    GROUP_KIND,
    GROUPINGS,
    REPEAT_GROUP,
    QuestionGroup,
    grouping_of,
    members_of,
    question_group,
)
from triage.interview.next_question import (
    SECOND_ANSWERS,
    STOP_ACTIONS,
    InterviewRequest,
    InterviewStep,
    Question,
    StopReason,
    parse_request,
    repeated,
)
from triage.interview.questionnaire import Item, item_by_id, items

__all__ = [
    "GROUPINGS",
    "GROUP_KIND",
    "REPEAT_GROUP",
    "SECOND_ANSWERS",
    "STOP_ACTIONS",
    "InterviewRequest",
    "InterviewStep",
    "Item",
    "Question",
    "QuestionGroup",
    "StopReason",
    "grouping_of",
    "item_by_id",
    "items",
    "members_of",
    "parse_request",
    "question_group",
    "repeated",
]
