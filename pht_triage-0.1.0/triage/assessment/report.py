"""A readable summary of an assessment, for people at a terminal."""

from __future__ import annotations

import textwrap

from triage.assessment.likelihood import SHRINKAGE
from triage.models import Assessment

WIDTH = 88


def _wrap(text: str, indent: str = "  ", hanging: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + hanging)


def text_report(assessment: Assessment) -> str:
    """The assessment as plain text: triage first, then why, then advice."""
    triage = assessment.triage
    likelihood = assessment.likelihood
    lines = [
        f"TRIAGE: {triage.level.value.upper()}",
        _wrap(f"Who: {triage.see}"),
        _wrap(f"When: {triage.within}"),
        "",
        "Why:",
        *(_wrap(f"- {reason}") for reason in triage.reasons),
        "",
        _wrap(likelihood.statement, "", ""),
        _wrap(
            f"(From a prior of {likelihood.prior:.0%}. The answers' ratios below are combined on "
            f"the log scale and shrunk to {SHRINKAGE:g} of their sum, because related findings "
            "are not independent.)"
        ),
    ]
    for contribution in likelihood.contributions:
        note = (
            "" if contribution.counted else "  (not counted: a stronger finding of its group was)"
        )
        lines.append(
            f"  {contribution.question.value} = {contribution.answer}: "
            f"x{contribution.likelihood_ratio:g}{note}"
        )
    screen = assessment.red_flag_screen
    lines += ["", "Red-flag screen: " + ("complete" if screen.complete else "INCOMPLETE")]
    if screen.unanswered:
        lines.append(_wrap("Not yet answered: " + ", ".join(q.value for q in screen.unanswered)))
    lines += ["", "Conditions considered, best supported first:"]
    for entry in assessment.conditions:
        reasons = "; ".join(entry.reasons)
        lines.append(
            _wrap(f"{entry.rank}. {entry.condition.value} ({entry.support.value}): {reasons}")
        )
    if assessment.advice:
        lines += ["", "Advice:"]
        for item in assessment.advice:
            lines.append(_wrap(f"- [{item.stage}] {item.text}"))
            if item.evidence_note:
                lines.append(
                    _wrap(f"Why this differs from the article: {item.evidence_note}", "      ")
                )
    lines += ["", _wrap(assessment.disclaimer, "", ""), f"Rule base {assessment.rule_base_version}"]
    return "\n".join(lines)
