"""Assessing one intake: the three-stage pipeline, the likelihood, differential support, trace and report."""

from triage.assessment.pipeline import DISCLAIMER

__all__ = [
    "DISCLAIMER",
]
