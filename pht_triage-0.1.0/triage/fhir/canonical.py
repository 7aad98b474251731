"""The project's canonical URLs: the Questionnaire, its CodeSystems and its extensions.

`http://pht-triage.example/fhir` is the project's own namespace (an `.example` domain, RFC 2606,
so that it can never name a real server); a clinic that republishes the Questionnaire keeps these
URLs, because they name the meaning of the codes, not where they are served. The service serves the
resources themselves at `/fhir/...` too.
"""

from __future__ import annotations

from rules.rulebase import RULE_BASE_VERSION

BASE = "http://pht-triage.example/fhir"
"""The root of every canonical URL of the project."""

QUESTIONNAIRE_ID = "pht-intake"
QUESTIONNAIRE_URL = f"{BASE}/Questionnaire/{QUESTIONNAIRE_ID}"
"""The intake Questionnaire's canonical URL; its `version` is the rule base version."""

VERSION = RULE_BASE_VERSION
"""The Questionnaire's version: the rule base version, since the rules decide what is asked."""

ANSWER_SYSTEM = f"{BASE}/CodeSystem/answer"
"""The CodeSystem of yes/no answers: `yes`, `no` and `unknown` (contract §1)."""

LEVEL_SYSTEM = f"{BASE}/CodeSystem/triage-level"
"""The CodeSystem of triage levels (contract §3)."""

RED_FLAG_SYSTEM = f"{BASE}/CodeSystem/red-flag"
"""The CodeSystem of red-flag ids, as the rule base names them."""

CONDITION_SYSTEM = f"{BASE}/CodeSystem/condition"
"""The CodeSystem of the conditions the rule base reasons about."""

LEVEL_EXTENSION = f"{BASE}/StructureDefinition/triage-level"
RED_FLAG_EXTENSION = f"{BASE}/StructureDefinition/red-flag"

SEX_SYSTEM = "http://hl7.org/fhir/administrative-gender"
"""FHIR's own codes for sex: `female`, `male`, `other`, `unknown`, exactly the contract's words."""

ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ADAPTIVE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive"

HELP_SUFFIX = ".help"
"""A question's help item is linked as `<linkId>.help`."""

AGAIN_SUFFIX = ".again"
"""A warning-sign question asked a second time (the interview's repeat) is linked as `<linkId>.again`."""
