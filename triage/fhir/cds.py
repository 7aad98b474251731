"""CDS Hooks: one `patient-view` service whose card is the triage of the patient's latest intake.

The service asks the CDS client to prefetch (`intake`) the patient's latest QuestionnaireResponse
to the intake Questionnaire; it never fetches anything itself (it makes no outbound requests). So,
as the CDS Hooks specification says (section "Providing FHIR Resources to a CDS Service",
"Prefetch Template", and "CDS Service Response", "HTTP Status Codes"): a request without the
`intake` prefetch key is answered 412 Precondition Failed (`MissingPrefetchError`), since the service
cannot access the FHIR server; a key whose value is null means the client found no data, which is
answered, as for any patient with nothing to say, with no cards (`{"cards": []}`).

The card: `critical` for an emergency level, `warning` for `consultation_24`, `info` otherwise; a
summary under 140 characters; the detail in markdown (who to see and how soon, the red flags, the
reasons, the advice, the disclaimer); `source` naming the rule base version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from rules.scale import Level
from triage.assessment.pipeline import assess
from triage.errors import FieldProblem, IntakeError, TriageError
from triage.fhir import canonical
from triage.fhir.response import RESOURCE, read_response
from triage.models import Assessment

SERVICE_ID = "pht-triage"
HOOK = "patient-view"
PREFETCH_KEY = "intake"
PREFETCH = (
    f"{RESOURCE}?subject={{{{context.patientId}}}}&questionnaire={canonical.QUESTIONNAIRE_URL}"
    "&_sort=-authored&_count=1"
)
"""The prefetch template: the patient's latest QuestionnaireResponse to the intake."""

SUMMARY_LIMIT = 140
"""CDS Hooks: a card's summary is one sentence of fewer than 140 characters."""


class MissingPrefetchError(TriageError):
    """The request lacks the `intake` prefetch, which the service cannot fetch itself (412)."""


def discovery() -> dict[str, Any]:
    """The discovery document (`GET /cds-services`)."""
    return {
        "services": [
            {
                "hook": HOOK,
                "id": SERVICE_ID,
                "title": "Sit-bone pain triage (proximal hamstring tendinopathy)",
                "description": (
                    "Triage of the patient's latest sit-bone pain intake: who to see and how "
                    "soon, the red flags, the reasons and the advice. Not a diagnosis."
                ),
                "prefetch": {PREFETCH_KEY: PREFETCH},
            }
        ]
    }


def service_response(request: Mapping[str, Any]) -> dict[str, Any]:
    """The cards for one call of the service; raises MissingPrefetchError or IntakeError."""
    prefetch = request.get("prefetch")
    if not isinstance(prefetch, Mapping) or PREFETCH_KEY not in prefetch:
        raise MissingPrefetchError(
            f"The request has no '{PREFETCH_KEY}' prefetch ({PREFETCH}), and this service does "
            "not fetch data itself: send the prefetch."
        )
    response = latest_response(prefetch[PREFETCH_KEY])
    if response is None:
        return {"cards": []}
    try:
        intake = read_response(response)
    except IntakeError as error:
        where = ("prefetch", PREFETCH_KEY)
        raise IntakeError([replace(p, loc=(*where, *p.loc)) for p in error.problems]) from None
    return {"cards": [card(assess(intake))]}


def latest_response(value: Any) -> Mapping[str, Any] | None:
    """The QuestionnaireResponse a prefetch value holds: itself, or a Bundle's latest; None if none."""
    if value is None:
        return None
    if isinstance(value, Mapping) and value.get("resourceType") == RESOURCE:
        return value
    if isinstance(value, Mapping) and value.get("resourceType") == "Bundle":
        entries = value.get("entry") or []
        found = [
            entry["resource"]
            for entry in entries
            if isinstance(entry, Mapping)
            and isinstance(entry.get("resource"), Mapping)
            and entry["resource"].get("resourceType") == RESOURCE
        ]
        if not found:
            return None
        latest: Mapping[str, Any] = max(found, key=lambda r: str(r.get("authored", "")))
        return latest
    if isinstance(value, Mapping) and value.get("resourceType") == "OperationOutcome":
        raise MissingPrefetchError(f"The client could not prefetch '{PREFETCH_KEY}'.")
    raise IntakeError(
        [
            FieldProblem(
                ("prefetch", PREFETCH_KEY),
                f"expected a {RESOURCE}, a Bundle of them, or null",
                "wrong_resource",
            )
        ]
    )


def card(assessment: Assessment) -> dict[str, Any]:
    """The card of one assessment."""
    triage = assessment.triage
    return {
        "summary": _summary(triage.see),
        "indicator": indicator(triage.level),
        "detail": detail(assessment),
        "source": {
            "label": f"pht-triage rule base {assessment.rule_base_version}",
            "topic": {"system": canonical.LEVEL_SYSTEM, "code": triage.level.value},
        },
    }


def indicator(level: Level) -> str:
    """`critical` for an emergency, `warning` for `consultation_24`, `info` otherwise."""
    if level.is_emergency():
        return "critical"
    return "warning" if level is Level.CONSULTATION_24 else "info"


def detail(assessment: Assessment) -> str:
    """The card's detail in markdown: who and when first, then red flags, reasons and advice."""
    triage = assessment.triage
    lines = [f"**{triage.see}** {triage.within}", ""]
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


def _summary(see: str) -> str:
    text = f"Sit-bone pain triage: {see}"
    if len(text) < SUMMARY_LIMIT:
        return text
    cut = text[: SUMMARY_LIMIT - 2].rsplit(" ", 1)[0]
    return cut + "…"
