"""The FHIR R4 invariants of the resources the service emits, evaluated by a FHIRPath engine
(fhirpathpy, with its R4 model). Expressions are the specification's (R4 `constraint.expression`
of each StructureDefinition), written with `ofType()` where the specification's `as()` is applied
to collections, which FHIRPath 2.0 engines refuse. `dom-6` (narrative) is a warning in R4; the
project requires it of every resource it emits.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from fhirpathpy import compile as compile_path
from fhirpathpy.models import models

MODEL = models["r4"]

_ITEMS = "repeat(item)"


def each(elements: str, expression: str) -> str:
    """An element's invariant over every such element: none for which it is false (empty passes)."""
    return f"{elements}.where(({expression}).not()).empty()"


DOMAIN = {
    "dom-2": "contained.contained.empty()",
    "dom-3": "contained.where((('#'+id in (%resource.descendants().reference"
    " | %resource.descendants().ofType(canonical) | %resource.descendants().ofType(uri)"
    " | %resource.descendants().ofType(url))) or descendants().where(reference = '#').exists()"
    " or descendants().where(ofType(canonical) = '#').exists()).not()).empty()",
    "dom-4": "contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()",
    "dom-5": "contained.meta.security.empty()",
    "dom-6": "text.`div`.exists()",
    "contained-narrative": "contained.text.empty()",
    "ext-1": each("extension", "extension.exists() != value.exists()")
    + " and "
    + each("descendants().extension", "extension.exists() != value.exists()"),
}
"""Every resource's invariants (DomainResource, Extension), and a display on every Coding."""

BY_TYPE: dict[str, dict[str, str]] = {
    "Questionnaire": {
        "que-0": "name.exists() implies name.matches('[A-Z]([A-Za-z0-9_]){0,254}')",
        "que-1": each(
            _ITEMS,
            "(type='group' implies item.empty().not()) and (type='display' implies item.empty())",
        ),
        "que-2": "descendants().linkId.isDistinct()",
        "que-3": each(_ITEMS, "type!='display' or code.empty()"),
        "que-4": each(_ITEMS, "answerOption.empty() or answerValueSet.empty()"),
        "que-5": each(
            _ITEMS,
            "(type ='choice' or type = 'open-choice' or type = 'decimal' or type = 'integer'"
            " or type = 'date' or type = 'dateTime' or type = 'time' or type = 'string'"
            " or type = 'quantity') or (answerValueSet.empty() and answerOption.empty())",
        ),
        "que-6": each(_ITEMS, "type!='display' or (required.empty() and repeats.empty())"),
        "que-7": each(f"{_ITEMS}.enableWhen", "operator = 'exists' implies (answer is boolean)"),
        "que-8": each(_ITEMS, "(type!='group' and type!='display') or initial.empty()"),
        "que-9": each(_ITEMS, "type!='display' or readOnly.empty()"),
        "que-11": each(_ITEMS, "answerOption.empty() or initial.empty()"),
        "que-12": each(_ITEMS, "enableWhen.count() > 1 implies enableBehavior.exists()"),
        "que-13": each(_ITEMS, "repeats=true or initial.count() <= 1"),
        "enableWhen-target": each(
            f"{_ITEMS}.enableWhen", "question in %resource.repeat(item).linkId"
        ),
    },
    "QuestionnaireResponse": {
        "qrs-1": each("repeat(item | answer).item", "(answer.exists() and item.exists()).not()"),
    },
    "RiskAssessment": {
        "ras-2": each(
            "prediction", "probability is decimal implies (probability as decimal) <= 100"
        ),
    },
    "CodeSystem": {
        "csd-1": "concept.code.combine($this.descendants().concept.code).isDistinct()",
    },
    "OperationDefinition": {
        "opd-1": each("parameter", "type.exists() or part.exists()"),
        "opd-2": each("parameter", "searchType.exists() implies type = 'string'"),
        "opd-3": each(
            "parameter", "targetProfile.exists() implies (type = 'Reference' or type = 'canonical')"
        ),
    },
    "CapabilityStatement": {
        "cpb-1": "rest.exists() or messaging.exists() or document.exists()",
        "cpb-2": "(description.count() + software.count() + implementation.count()) > 0",
        "cpb-9": each("rest", "resource.select(type).isDistinct()"),
        "cpb-14": "(kind != 'instance') or implementation.exists()",
    },
}
"""The invariants of each resource type the service emits (items' invariants over every item)."""


EMITTED_ONLY = frozenset({"dom-6"})
"""What the project asks of what it emits, not of what a client sends."""


@cache
def _compiled(expression: str) -> Any:
    """An expression parsed once (parsing is most of the cost of evaluating one)."""
    return compile_path(expression, MODEL)


def broken(resource: Mapping[str, Any], *, emitted: bool = True) -> list[str]:
    """The ids of the invariants a resource (and each resource it contains) breaks; for a
    resource a client sent (`emitted=False`), the specification's alone."""
    table = DOMAIN if emitted else {k: v for k, v in DOMAIN.items() if k not in EMITTED_ONLY}
    found = _broken(resource, resource, table)
    if emitted and any(_codings_without_display(resource)):
        found.append("coding-display")
    for inner in resource.get("contained", []) or []:
        found += [
            f"contained {inner.get('resourceType')}: {name}" for name in _inner(inner, resource)
        ]
    return found


def _inner(inner: Mapping[str, Any], container: Mapping[str, Any]) -> list[str]:
    kind = str(inner.get("resourceType"))
    return _broken(inner, container, BY_TYPE.get(kind, {}))


def _broken(
    resource: Mapping[str, Any], container: Mapping[str, Any], table: Mapping[str, str]
) -> list[str]:
    table = {**table, **BY_TYPE.get(str(resource.get("resourceType")), {})}
    context = {"resource": dict(container)}
    return [
        name
        for name, expression in table.items()
        if _compiled(expression)(dict(resource), context) != [True]
    ]


def _codings_without_display(value: Any, key: str = "") -> Any:
    """Each Coding (an object with `system` and `code`) without a display, `meta` tags aside
    (a client's own labels, which the service passes on as they are)."""
    if isinstance(value, Mapping):
        if isinstance(value.get("system"), str) and "code" in value and "display" not in value:
            yield value
        for name, item in value.items():
            if name != "meta":
                yield from _codings_without_display(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _codings_without_display(item, key)
