"""Triage core for proximal hamstring tendinopathy: `assess(intake)` returns an assessment.

`Triage` is the front door: it owns its settings, rule base and engines, and offers every
operation of the core. `assess`, `evaluate` and `next_step` run the default one, built with the
default settings; a program that reads settings (the command line, the service) builds its own.
"""

# First, before anything imports experta: `rules` is the gate that makes experta importable.
import rules  # noqa: F401
from triage.assessment.pipeline import Evaluation
from triage.core import Triage, assess, default, evaluate, next_question, next_step
from triage.errors import (
    MAX_LISTED,
    MORE_PROBLEMS,
    CdsRequestError,
    CommandError,
    DuplicateKeyError,
    FieldProblem,
    IntakeError,
    SettingFileError,
    SourceError,
    TriageError,
    field_problems,
    problems_from_details,
    shown,
)
from triage.interview.next_question import InterviewStep
from triage.models import (
    Assessment,
    BoundedExtras,
    Intake,
    RedFlagFound,
    TriageResult,
    parse_intake,
)
from triage.settings import ENV_PREFIX, CoreSettings, from_environment
from triage.texts import Texts, form_texts, group_texts, item_text, message, question_texts

__all__ = [
    "ENV_PREFIX",
    "MAX_LISTED",
    "MORE_PROBLEMS",
    "Assessment",
    "BoundedExtras",
    "CdsRequestError",
    "CommandError",
    "CoreSettings",
    "DuplicateKeyError",
    "Evaluation",
    "FieldProblem",
    "Intake",
    "IntakeError",
    "InterviewStep",
    "RedFlagFound",
    "SettingFileError",
    "SourceError",
    "Texts",
    "Triage",
    "TriageError",
    "TriageResult",
    "assess",
    "default",
    "evaluate",
    "field_problems",
    "form_texts",
    "from_environment",
    "group_texts",
    "item_text",
    "message",
    "next_question",
    "next_step",
    "parse_intake",
    "problems_from_details",
    "question_texts",
    "shown",
]
