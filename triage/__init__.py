"""Triage core for proximal hamstring tendinopathy: `assess(intake)` returns an assessment.

`Triage` is the front door: it owns its settings, rule base and engines, and offers every
operation of the core. `assess`, `evaluate` and `next_step` run the default one, built with the
default settings; a program that reads settings (the command line, the service) builds its own.
"""

# First, before anything imports experta: `rules` is the gate that makes experta importable.
import rules  # noqa: F401
from triage.assessment.pipeline import Evaluation, assess, evaluate
from triage.core import Triage, default
from triage.errors import IntakeError, TriageError
from triage.interview.next_question import InterviewStep, next_step
from triage.models import Assessment, Intake, parse_intake
from triage.settings import CoreSettings, from_environment

__all__ = [
    "Assessment",
    "CoreSettings",
    "Evaluation",
    "Intake",
    "IntakeError",
    "InterviewStep",
    "Triage",
    "TriageError",
    "assess",
    "default",
    "evaluate",
    "from_environment",
    "next_step",
    "parse_intake",
]
