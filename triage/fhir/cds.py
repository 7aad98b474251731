"""CDS Hooks 2.0: one `patient-view` service whose card is the triage of the patient's latest intake.

The service asks the CDS client to prefetch (`intake`) the patient's latest QuestionnaireResponses
(`patient=`, so that the id can never name anything but a Patient) and picks the intake among them
itself: a response to the intake Questionnaire, or an adaptive one whose contained Questionnaire is
derived from it (the SDC adaptive form's answers name their contained Questionnaire, `#...`, so a
search by `questionnaire=` could never find them). It never fetches anything itself (it makes no
outbound requests), so, as the specification says ("Prefetch Template", "HTTP Status Codes"): a
request without the `intake` key is a 412; a key whose value is null means the client found no
data, which gets no cards.

One patient per decision: the intake is triaged only when its `subject` is the hook's patient
(`context.patientId`) and its status is `completed`. A prefetched intake about anyone else, or with
no subject, or not completed, gives no triage card but an `info` card saying why; every card says
when the answers were given (`triage.fhir.cds_cards`).

A request missing a field the specification marks required, or for a hook the service does not
offer, raises `CdsRequestError` (400).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from triage.errors import CdsRequestError, FieldProblem, IntakeError, MissingPrefetchError
from triage.fhir import canonical
from triage.fhir.cds_cards import card, info_card
from triage.fhir.response import RESOURCE, read_response

if TYPE_CHECKING:
    from triage.core import Triage

SERVICE_ID = "pht-triage"
HOOK = "patient-view"
PREFETCH_KEY = "intake"
PREFETCH_COUNT = 50
PREFETCH = f"{RESOURCE}?patient={{{{context.patientId}}}}&_sort=-authored&_count={PREFETCH_COUNT}"
"""The prefetch template: the patient's latest QuestionnaireResponses, the intake found among them."""

CONTEXT_REQUIRED = ("userId", "patientId")
"""The `patient-view` context fields CDS Hooks 2.0 marks required."""


def discovery() -> dict[str, Any]:
    """The discovery document (`GET /cds-services`)."""
    return {
        "services": [
            {
                "hook": HOOK,
                "id": SERVICE_ID,
                "title": "Sit-bone pain triage (proximal hamstring tendinopathy)",
                "description": (
                    "Triage of the patient's latest completed sit-bone pain intake: who to see "
                    "and how soon, the red flags, the reasons and the advice. Not a diagnosis."
                ),
                "prefetch": {PREFETCH_KEY: PREFETCH},
                "usageRequirements": (
                    "Send the 'intake' prefetch: the service never queries the FHIR server. The "
                    "intake is triaged only when it is completed and its subject is the hook's "
                    "patient."
                ),
            }
        ]
    }


def check_request(request: Any) -> Mapping[str, Any]:
    """The request when it has every field CDS Hooks 2.0 requires for this hook; else a 400."""
    if not isinstance(request, Mapping):
        raise CdsRequestError([FieldProblem((), "expected a CDS Hooks request object", "object")])
    problems: list[FieldProblem] = []
    for name in ("hook", "hookInstance"):
        if not isinstance(request.get(name), str) or not request.get(name):
            problems.append(_missing((name,), "a string"))
    hook = request.get("hook")
    if isinstance(hook, str) and hook and hook != HOOK:
        problems.append(
            FieldProblem(
                ("hook",), f"this service answers the '{HOOK}' hook only", "hook_not_offered"
            )
        )
    context = request.get("context")
    if not isinstance(context, Mapping):
        problems.append(_missing(("context",), "an object"))
    else:
        for name in CONTEXT_REQUIRED:
            if not isinstance(context.get(name), str) or not context.get(name):
                problems.append(_missing(("context", name), "a string"))
    if "fhirAuthorization" in request and not isinstance(request.get("fhirServer"), str):
        problems.append(_missing(("fhirServer",), "a URL when 'fhirAuthorization' is sent"))
    prefetch = request.get("prefetch")
    if prefetch is not None and not isinstance(prefetch, Mapping):
        problems.append(FieldProblem(("prefetch",), "expected an object", "object_expected"))
    if problems:
        raise CdsRequestError(problems)
    return request


def _missing(loc: tuple[str, ...], what: str) -> FieldProblem:
    return FieldProblem(loc, f"required by CDS Hooks 2.0: {what}", "missing")


def service_response(request: Any, core: Triage) -> dict[str, Any]:
    """The cards for one call, assessed by `core`; raises CdsRequestError, MissingPrefetchError or
    IntakeError."""
    checked = check_request(request)
    patient = checked["context"]["patientId"]
    prefetch = checked.get("prefetch")
    if not isinstance(prefetch, Mapping) or PREFETCH_KEY not in prefetch:
        raise MissingPrefetchError(
            f"The request has no '{PREFETCH_KEY}' prefetch ({PREFETCH}), and this service does "
            "not fetch data itself: send the prefetch."
        )
    intakes = intake_responses(prefetch[PREFETCH_KEY])
    if not intakes:
        return {"cards": []}
    strangers = [r for r in intakes if not is_about(r, patient, checked.get("fhirServer"))]
    if strangers:
        return {"cards": [_not_this_patient(strangers[0])]}
    latest = max(intakes, key=_authored_key)
    authored = _authored(latest)
    status = latest.get("status")
    if status != "completed":
        return {
            "cards": [
                info_card(
                    "Sit-bone pain intake not completed: no triage shown",
                    f"The patient's latest sit-bone pain intake has the status '{status}', not "
                    "'completed': its answers may be partial, so no triage is shown. Triage "
                    "it once it is completed.",
                    authored,
                )
            ]
        }
    try:
        intake = read_response(latest)
    except IntakeError as error:
        where = ("prefetch", PREFETCH_KEY)
        raise IntakeError([replace(p, loc=(*where, *p.loc)) for p in error.problems]) from None
    return {"cards": [card(core.assess(intake), authored)]}


def _not_this_patient(response: Mapping[str, Any]) -> dict[str, Any]:
    subject = response.get("subject")
    named = isinstance(subject, Mapping) and isinstance(subject.get("reference"), str)
    why = "names another patient" if named else "does not name its patient"
    return info_card(
        "Sit-bone pain intake not shown: not confirmed as this patient's",
        f"A prefetched sit-bone pain intake {why} (its `subject` is not this hook's "
        "`context.patientId`), so no triage is shown: a triage is given only for answers "
        "known to be this patient's.",
        _authored(response),
    )


def intake_responses(value: Any) -> list[Mapping[str, Any]]:
    """The intake responses a prefetch value holds (itself, or a Bundle's); others are skipped."""
    if value is None:
        return []
    if isinstance(value, Mapping) and value.get("resourceType") == RESOURCE:
        found = [value]
    elif isinstance(value, Mapping) and value.get("resourceType") == "Bundle":
        entries = value.get("entry") or []
        found = [
            entry["resource"]
            for entry in (entries if isinstance(entries, list) else [])
            if isinstance(entry, Mapping)
            and isinstance(entry.get("resource"), Mapping)
            and entry["resource"].get("resourceType") == RESOURCE
        ]
    elif isinstance(value, Mapping) and value.get("resourceType") == "OperationOutcome":
        raise MissingPrefetchError(f"The client could not prefetch '{PREFETCH_KEY}'.")
    else:
        raise IntakeError(
            [
                FieldProblem(
                    ("prefetch", PREFETCH_KEY),
                    f"expected a {RESOURCE}, a Bundle of them, or null",
                    "wrong_resource",
                )
            ]
        )
    return [response for response in found if answers_the_intake(response)]


def answers_the_intake(response: Mapping[str, Any]) -> bool:
    """Whether a response answers the intake: directly, or through an adaptive Questionnaire."""
    named = response.get("questionnaire")
    if not isinstance(named, str):
        return False
    if not named.startswith("#"):
        return named.split("|", 1)[0] == canonical.QUESTIONNAIRE_URL
    contained = response.get("contained")
    for resource in contained if isinstance(contained, list) else []:
        if isinstance(resource, Mapping) and resource.get("id") == named[1:]:
            derived = resource.get("derivedFrom")
            return isinstance(derived, list) and any(
                isinstance(url, str) and url.split("|", 1)[0] == canonical.QUESTIONNAIRE_URL
                for url in derived
            )
    return False


def is_about(response: Mapping[str, Any], patient: str, server: Any = None) -> bool:
    """Whether a response's subject is `Patient/<patient>`: relative, or absolute on the client's
    `fhirServer` (an absolute reference when the request names no server cannot be confirmed)."""
    subject = response.get("subject")
    reference = subject.get("reference") if isinstance(subject, Mapping) else None
    if not isinstance(reference, str):
        return False
    path = reference.split("/_history/", 1)[0]
    if "://" in path:
        base, _, path = path.rpartition("/Patient/")
        if not isinstance(server, str) or base.rstrip("/") != server.rstrip("/"):
            return False
        path = f"Patient/{path}" if base else ""
    return path == f"Patient/{patient}"


def _authored(response: Mapping[str, Any]) -> str | None:
    authored = response.get("authored")
    return authored if isinstance(authored, str) and authored else None


def _authored_key(response: Mapping[str, Any]) -> datetime:
    """When a response was authored, to find the latest; unreadable or missing counts as oldest."""
    authored = _authored(response)
    try:
        found = datetime.fromisoformat(authored) if authored else None
    except ValueError:
        found = None
    if found is None:
        return datetime.min.replace(tzinfo=UTC)
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)
