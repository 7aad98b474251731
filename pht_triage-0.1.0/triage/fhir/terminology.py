"""The project's CodeSystems and extension definitions, as served at `/fhir/<type>/<id>`, and the
display of every code the resources use.

Each CodeSystem is read from the rule base itself (the answers, the triage levels, the red flags,
the conditions), so a code can never be emitted that its CodeSystem does not define. Each extension
the RiskAssessment uses has its StructureDefinition. Every `url` is a canonical URL of the project
(`triage.fhir.canonical`); the service serves each at the same path under its own `/fhir/`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from rules.red_flags import FLAGS
from rules.scale import DISPOSITIONS, Condition, Level
from rules.vocabulary import YesNo
from triage.fhir import canonical
from triage.fhir.narrative import with_narrative
from triage.texts import form_texts

LEVEL_DISPLAYS = {
    Level.EMERGENCY_AMBULANCE: "Emergency: call an ambulance",
    Level.EMERGENCY: "Emergency: go to an emergency department now",
    Level.CONSULTATION_24: "See a doctor within 24 hours",
    Level.CONSULTATION: "See a professional within one to two weeks",
    Level.SELF_CARE: "Self-care at home",
}
"""A triage level in a few words; its CodeSystem's definition holds the full referral."""

SEX_DISPLAYS = {"female": "Female", "male": "Male", "other": "Other", "unknown": "Unknown"}
"""FHIR administrative-gender's own displays."""

RISK_DISPLAYS = {
    "low": "Low likelihood",
    "moderate": "Moderate likelihood",
    "high": "High likelihood",
}
"""HL7 risk-probability's displays of the codes the service uses."""


def with_displays(value: Any) -> Any:
    """A copy of a response's content in which every Coding of the answers or of sex that lacks
    its display has it (a client may send codes alone; what the service emits has displays)."""
    if isinstance(value, list):
        return [with_displays(item) for item in value]
    if not isinstance(value, Mapping):
        return value
    found = {key: with_displays(item) for key, item in value.items()}
    code = found.get("code")
    if "display" not in found and isinstance(code, str):
        if found.get("system") == canonical.ANSWER_SYSTEM and code in form_texts().answers:
            found["display"] = form_texts().answers[code]
        elif found.get("system") == canonical.SEX_SYSTEM and code in SEX_DISPLAYS:
            found["display"] = SEX_DISPLAYS[code]
    return found


def level_coding(level: Level) -> dict[str, str]:
    """A triage level as a Coding, with its display."""
    return {"system": canonical.LEVEL_SYSTEM, "code": level.value, "display": LEVEL_DISPLAYS[level]}


def condition_display(condition: str) -> str:
    """A condition's display: its id in words."""
    return condition.replace("_", " ").capitalize()


def _code_system(
    name: str, title: str, concepts: list[dict[str, str]], description: str
) -> dict[str, Any]:
    resource = {
        "resourceType": "CodeSystem",
        "id": name,
        "url": f"{canonical.BASE}/CodeSystem/{name}",
        "version": canonical.VERSION,
        "name": "Pht" + "".join(part.capitalize() for part in name.split("-")),
        "title": title,
        "status": "active",
        "publisher": "pht-triage",
        "description": description,
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "concept": concepts,
    }
    lines = [f"{c['code']}: {c['display']}" for c in concepts]
    return with_narrative(resource, title, lines)


def answer_code_system() -> dict[str, Any]:
    """The CodeSystem of yes/no answers: `yes`, `no` and `unknown` (contract §1)."""
    labels = form_texts().answers
    meanings = {
        YesNo.YES: "Yes; for an examination test, the test was positive.",
        YesNo.NO: "No; for an examination test, the test was negative.",
        YesNo.UNKNOWN: "Not known; for an examination test, not done. Never read as no.",
    }
    concepts = [
        {"code": answer.value, "display": labels[answer.value], "definition": meanings[answer]}
        for answer in YesNo
    ]
    return _code_system(
        "answer",
        "Answers to a yes/no question of the pht-triage intake",
        concepts,
        "The answers a yes/no question of the intake takes; unknown is never read as no.",
    )


def level_code_system() -> dict[str, Any]:
    """The CodeSystem of triage levels (contract §3), most urgent first."""
    concepts = [
        {
            "code": level.value,
            "display": LEVEL_DISPLAYS[level],
            "definition": f"{DISPOSITIONS[level].see} {DISPOSITIONS[level].within}",
        }
        for level in Level
    ]
    return _code_system(
        "triage-level", "Triage levels of pht-triage", concepts, "Who to see and how soon."
    )


def red_flag_code_system() -> dict[str, Any]:
    """The CodeSystem of red flags, by the ids the rule base gives them."""
    seen: dict[str, dict[str, str]] = {}
    for flag in FLAGS:
        seen.setdefault(
            flag.id,
            {"code": flag.id, "display": flag.message, "definition": flag.rationale},
        )
    return _code_system(
        "red-flag",
        "Red flags of pht-triage",
        list(seen.values()),
        "The warning signs the rule base finds, each with what to tell the person.",
    )


def condition_code_system() -> dict[str, Any]:
    """The CodeSystem of the conditions the rule base reasons about."""
    concepts = [
        {
            "code": condition.value,
            "display": condition_display(condition.value),
            "definition": f"{condition_display(condition.value)}, as the rule base names it.",
        }
        for condition in Condition
    ]
    return _code_system(
        "condition", "Conditions of pht-triage", concepts, "The conditions the triage weighs."
    )


def extension_definition(name: str, title: str, system: str) -> dict[str, Any]:
    """The StructureDefinition of a RiskAssessment extension holding a Coding of one CodeSystem."""
    url = f"{canonical.BASE}/StructureDefinition/{name}"
    resource = {
        "resourceType": "StructureDefinition",
        "id": name,
        "url": url,
        "version": canonical.VERSION,
        "name": "Pht" + "".join(part.capitalize() for part in name.split("-")),
        "title": title,
        "status": "active",
        "publisher": "pht-triage",
        "description": f"{title}: a Coding of {system}.",
        "fhirVersion": "4.0.1",
        "kind": "complex-type",
        "abstract": False,
        "context": [{"type": "element", "expression": "RiskAssessment"}],
        "type": "Extension",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
        "derivation": "constraint",
        "differential": {
            "element": [
                {"id": "Extension", "path": "Extension", "short": title, "definition": title},
                {"id": "Extension.extension", "path": "Extension.extension", "max": "0"},
                {"id": "Extension.url", "path": "Extension.url", "fixedUri": url},
                {
                    "id": "Extension.value[x]",
                    "path": "Extension.value[x]",
                    "min": 1,
                    "short": f"A code of {system}",
                    "type": [{"code": "Coding"}],
                },
            ]
        },
    }
    return with_narrative(resource, title, [f"A Coding of {system}, on a RiskAssessment."])


def level_extension() -> dict[str, Any]:
    """The definition of the triage-level extension."""
    return extension_definition("triage-level", "Triage level", canonical.LEVEL_SYSTEM)


def red_flag_extension() -> dict[str, Any]:
    """The definition of the red-flag extension."""
    return extension_definition("red-flag", "Red flag found", canonical.RED_FLAG_SYSTEM)


CODE_SYSTEMS: dict[str, Callable[[], dict[str, Any]]] = {
    "answer": answer_code_system,
    "triage-level": level_code_system,
    "red-flag": red_flag_code_system,
    "condition": condition_code_system,
}
"""Every CodeSystem the resources reference, by id."""

STRUCTURE_DEFINITIONS: dict[str, Callable[[], dict[str, Any]]] = {
    "triage-level": level_extension,
    "red-flag": red_flag_extension,
}
"""Every extension the resources use that the project defines, by id."""


@cache
def served(kind: str, name: str) -> dict[str, Any] | None:
    """The CodeSystem or StructureDefinition of that id, or None."""
    table = CODE_SYSTEMS if kind == "CodeSystem" else STRUCTURE_DEFINITIONS
    build = table.get(name)
    return build() if build is not None else None
