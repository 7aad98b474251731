"""Triage core for proximal hamstring tendinopathy: `assess(intake)` returns an assessment."""

# First, before anything imports experta: `rules` is the gate that makes experta importable.
import rules  # noqa: F401
from triage.assessment.pipeline import assess, evaluate
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
