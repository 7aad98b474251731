"""A readable summary of an assessment, for people at a terminal."""

from __future__ import annotations

import textwrap

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
        f"Proximal hamstring tendinopathy: {likelihood.probability:.0%} ({likelihood.band.value}; "
        f"prior {likelihood.prior:.0%})",
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
    if assessment.differentials:
        lines += ["", "Other conditions to consider:"]
        for differential in assessment.differentials:
            reasons = "; ".join(differential.reasons)
            lines.append(
                _wrap(f"- {differential.condition.value} ({differential.support.value}): {reasons}")
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
