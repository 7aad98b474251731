"""An assessment as a FHIR R4 RiskAssessment, its `basis` the QuestionnaireResponse it came from.

- `prediction[0]`: proximal hamstring tendinopathy, the likelihood as `probabilityDecimal` and its
  band as `qualitativeRisk` (HL7's risk-probability codes `low`, `moderate`, `high`, which are the
  band's own words); then one prediction per differential, its support as `qualitativeRisk`.
- the triage level and each red flag as extensions with codes of the project's CodeSystems, who to
  see and how soon as `mitigation`, and the reasons, the red flags' messages and the disclaimer as
  `note`s, so that a reader without the extensions still sees them.
- `basis` is `QuestionnaireResponse/<id>` when the response has an id; otherwise the response is
  contained and referenced as `#response`, without its narrative (dom-1), and the resources it
  contained itself (an adaptive response's Questionnaire) are contained beside it, since a
  contained resource contains none (dom-2); its `#id` references still resolve in the container.
- every coding has its display, and the RiskAssessment has a narrative.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage.fhir import canonical
from triage.fhir.narrative import with_narrative
from triage.fhir.terminology import (
    RISK_DISPLAYS,
    condition_display,
    level_coding,
    with_displays,
)
from triage.models import Assessment

RISK_PROBABILITY = "http://terminology.hl7.org/CodeSystem/risk-probability"
CONTAINED_ID = "response"


def risk_assessment(assessment: Assessment, response: Mapping[str, Any]) -> dict[str, Any]:
    """The RiskAssessment of one QuestionnaireResponse's assessment."""
    triage = assessment.triage
    found: dict[str, Any] = {
        "resourceType": "RiskAssessment",
        "extension": [
            {"url": canonical.LEVEL_EXTENSION, "valueCoding": level_coding(triage.level)},
            *(
                {
                    "url": canonical.RED_FLAG_EXTENSION,
                    "valueCoding": {
                        "system": canonical.RED_FLAG_SYSTEM,
                        "code": flag.id,
                        "display": flag.message,
                    },
                }
                for flag in assessment.red_flags
            ),
        ],
        "status": "final",
        "method": {"text": f"pht-triage rule base {assessment.rule_base_version}"},
        "code": {"text": "Triage of sit-bone pain (proximal hamstring tendinopathy)"},
        "subject": response.get("subject") or {"display": "The person who answered the intake"},
    }
    if isinstance(response.get("authored"), str):
        found["occurrenceDateTime"] = response["authored"]
    found.update(_basis(response))
    found["prediction"] = [_tendinopathy(assessment), *_differentials(assessment)]
    found["mitigation"] = f"{triage.see} {triage.within}"
    notes = [f"Triage level: {triage.level.value}. {triage.see} {triage.within}"]
    notes += [f"Red flag ({flag.level.value}): {flag.message}" for flag in assessment.red_flags]
    notes += [f"Reason: {reason}" for reason in triage.reasons]
    notes.append(assessment.disclaimer)
    found["note"] = [{"text": text} for text in notes]
    return with_narrative(found, f"Triage: {triage.level.value}", notes)


def _basis(response: Mapping[str, Any]) -> dict[str, Any]:
    identifier = response.get("id")
    if isinstance(identifier, str) and identifier:
        return {"basis": [{"reference": f"QuestionnaireResponse/{identifier}"}]}
    inner = response.get("contained")
    nested = [dict(r) for r in inner if isinstance(r, Mapping)] if isinstance(inner, list) else []
    for resource in nested:
        resource.pop("text", None)
    contained = {
        key: with_displays(value)
        for key, value in response.items()
        if key not in ("contained", "text", "id", "meta")
    }
    meta = response.get("meta")
    if isinstance(meta, Mapping):  # a contained resource has no version, update time or labels
        kept = {k: v for k, v in meta.items() if k not in ("versionId", "lastUpdated", "security")}
        if kept:
            contained["meta"] = kept
    return {
        "contained": [
            {"resourceType": response.get("resourceType"), "id": CONTAINED_ID, **contained},
            *nested,
        ],
        "basis": [{"reference": f"#{CONTAINED_ID}"}],
    }


def _tendinopathy(assessment: Assessment) -> dict[str, Any]:
    likelihood = assessment.likelihood
    return {
        "outcome": _condition(likelihood.condition),
        "probabilityDecimal": likelihood.probability,
        "qualitativeRisk": {"coding": [_risk(likelihood.band)]},
        "rationale": (
            f"From a prior of {likelihood.prior:g}, moved by the likelihood ratios of the answers."
        ),
    }


def _differentials(assessment: Assessment) -> list[dict[str, Any]]:
    return [
        {
            "outcome": _condition(differential.condition.value),
            "qualitativeRisk": {"coding": [_risk(differential.support.value)]},
            "rationale": " ".join(differential.reasons),
        }
        for differential in assessment.differentials
    ]


def _risk(code: str) -> dict[str, str]:
    return {"system": RISK_PROBABILITY, "code": code, "display": RISK_DISPLAYS[code]}


def _condition(condition: str) -> dict[str, Any]:
    display = condition_display(condition)
    coding = {"system": canonical.CONDITION_SYSTEM, "code": condition, "display": display}
    return {"coding": [coding], "text": display}
