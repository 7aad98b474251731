"""CDS Hooks cards: the triage card of one intake, and the `info` card that says why there is none.

Every card has a `uuid` (CDS Hooks 2.0, "Card Attributes"), which the client sends back to the
feedback endpoint, and every card says when the answers behind it were given (the response's
`authored`), so that a clinician never reads an old intake as today's.

The triage card: `critical` for an emergency level, `warning` for `consultation_24`, `info`
otherwise; a summary under 140 characters; the detail in markdown (who to see and how soon, the red
flags, the reasons, the advice, the disclaimer); `source` naming the rule base version.
"""

from __future__ import annotations

import uuid
from typing import Any

from rules.scale import Level
from triage.fhir import canonical
from triage.models import Assessment

SUMMARY_LIMIT = 140
"""CDS Hooks: a card's summary is one sentence of fewer than 140 characters."""

SOURCE_LABEL = "pht-triage"


def card(assessment: Assessment, authored: str | None) -> dict[str, Any]:
    """The triage card of one assessment, saying when its answers were given."""
    triage = assessment.triage
    return {
        "uuid": str(uuid.uuid4()),
        "summary": _summary(f"Sit-bone pain triage ({_when(authored, short=True)}): {triage.see}"),
        "indicator": indicator(triage.level),
        "detail": detail(assessment, authored),
        "source": {
            "label": f"{SOURCE_LABEL} rule base {assessment.rule_base_version}",
            "topic": {
                "system": canonical.LEVEL_SYSTEM,
                "code": triage.level.value,
                "display": triage.level.value.replace("_", " "),
            },
        },
    }


def info_card(summary: str, detail_text: str, authored: str | None = None) -> dict[str, Any]:
    """An `info` card that gives no triage and says why (and when the answers were given)."""
    return {
        "uuid": str(uuid.uuid4()),
        "summary": _summary(summary),
        "indicator": "info",
        "detail": f"{detail_text}\n\n{_when(authored)}.",
        "source": {"label": SOURCE_LABEL},
    }


def indicator(level: Level) -> str:
    """`critical` for an emergency, `warning` for `consultation_24`, `info` otherwise."""
    if level.is_emergency():
        return "critical"
    return "warning" if level is Level.CONSULTATION_24 else "info"


def detail(assessment: Assessment, authored: str | None = None) -> str:
    """The card's detail in markdown: who and when first, then red flags, reasons and advice."""
    triage = assessment.triage
    lines = [f"**{triage.see}** {triage.within}", "", f"_{_when(authored)}._", ""]
    if assessment.red_flags:
        lines += ["**Red flags**", *(f"- {flag.message}" for flag in assessment.red_flags), ""]
    lines += ["**Why**", *(f"- {reason}" for reason in triage.reasons), ""]
    if assessment.advice:
        lines += ["**Advice**", *(f"- {item.text}" for item in assessment.advice), ""]
    probability = assessment.likelihood.probability
    lines.append(
        f"Likelihood of proximal hamstring tendinopathy: {probability:.0%} "
        f"({assessment.likelihood.band})."
    )
    lines += ["", f"_{assessment.disclaimer}_"]
    return "\n".join(lines)


def _when(authored: str | None, *, short: bool = False) -> str:
    """When the answers were given, from the response's `authored`; said too when not recorded."""
    if authored is None:
        return "date not recorded" if short else "When the answers were given is not recorded"
    if short:
        return f"answers of {authored[:10]}"
    return f"Answers given {authored}"


def _summary(text: str) -> str:
    if len(text) < SUMMARY_LIMIT:
        return text
    cut = text[: SUMMARY_LIMIT - 2].rsplit(" ", 1)[0]
    return cut + "…"
