"""A readable summary of an assessment, for people at a terminal (its words: `messages.<lang>.json`)."""

from __future__ import annotations

import textwrap

from triage.assessment.likelihood import SHRINKAGE
from triage.models import Assessment
from triage.texts import Texts

WIDTH = 88

ENGLISH = Texts()


def _wrap(text: str, indent: str = "  ", hanging: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + hanging)


def text_report(assessment: Assessment, texts: Texts = ENGLISH) -> str:
    """The assessment as plain text in the words of `texts`: triage first, then why, then advice."""
    triage = assessment.triage
    likelihood = assessment.likelihood
    lines = [
        texts.message("report_triage", level=triage.level.value.upper()),
        _wrap(texts.message("report_who", see=triage.see)),
        _wrap(texts.message("report_when", within=triage.within)),
        "",
        texts.message("report_why"),
        *(_wrap(f"- {reason}") for reason in triage.reasons),
        "",
        _wrap(likelihood.statement, "", ""),
        _wrap(
            texts.message(
                "report_prior", prior=f"{likelihood.prior:.0%}", shrinkage=f"{SHRINKAGE:g}"
            )
        ),
    ]
    for contribution in likelihood.contributions:
        note = "" if contribution.counted else "  " + texts.message("report_not_counted")
        lines.append(
            f"  {contribution.question.value} = {contribution.answer}: "
            f"x{contribution.likelihood_ratio:g}{note}"
        )
    screen = assessment.red_flag_screen
    if screen.complete:
        state = texts.message("report_screen_complete")
    else:
        state = texts.message("report_screen_incomplete")
    lines += ["", texts.message("report_screen", state=state)]
    if screen.unanswered:
        questions = ", ".join(q.value for q in screen.unanswered)
        lines.append(_wrap(texts.message("report_not_answered", questions=questions)))
    lines += ["", texts.message("report_conditions")]
    for entry in assessment.conditions:
        reasons = "; ".join(entry.reasons)
        lines.append(
            _wrap(f"{entry.rank}. {entry.condition.value} ({entry.support.value}): {reasons}")
        )
    if assessment.advice:
        lines += ["", texts.message("report_advice")]
        for item in assessment.advice:
            lines.append(_wrap(f"- [{item.stage}] {item.text}"))
            if item.evidence_note:
                note = texts.message("report_evidence_note", note=item.evidence_note)
                lines.append(_wrap(note, "      "))
    lines += [
        "",
        _wrap(assessment.disclaimer, "", ""),
        texts.message("report_rule_base", version=assessment.rule_base_version),
    ]
    return "\n".join(lines)
