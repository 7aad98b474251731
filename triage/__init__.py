"""Triage core for proximal hamstring tendinopathy: `assess(intake)` returns an assessment."""

from triage.assess import assess, evaluate
from triage.errors import IntakeError, TriageError
from triage.models import Assessment, Intake, parse_intake

__all__ = [
    "Assessment",
    "Intake",
    "IntakeError",
    "TriageError",
    "assess",
    "evaluate",
    "parse_intake",
]
