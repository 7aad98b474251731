"""The resources (the questionnaire, the rule catalogue, the contract) and the conversation prompt."""

from __future__ import annotations

import json
from typing import Any

from mcp.server.mcpserver import MCPServer

from api.mcp.descriptions import INSTRUCTIONS, RELAY_RULE
from api.mcp.explain import LEVEL_MEANINGS
from api.mcp.results import AssessmentResult, InterviewStepResult
from api.routers.meta import CONTRACT_VERSION
from api.routers.parse import ParseResult
from api.schemas import Questionnaire, QuestionOut, RuleCatalogue, RuleOut
from rules.catalogue import catalogue
from rules.rulebase import RULE_BASE_VERSION
from rules.scale import DISPOSITIONS
from triage import Intake
from triage.interview import InterviewRequest, items

QUESTIONNAIRE_URI = "triage://questionnaire"
RULES_URI = "triage://rules"
CONTRACT_URI = "triage://contract"
PROMPT = "triage_conversation"

CONVERSATION = f"""\
You are helping a person with pain at the sit bone (the buttock crease) find out how soon, and \
whom, they should see. A rule base decides; you hold the conversation through the pht-triage \
tools. You do not diagnose, and you never give a level or advice of your own.

1. If the person has described the problem in their own words, send their words, exactly as \
written, to `parse_text`, and keep its `answers` (and `age`, `sex`).
2. Call `interview_step` with every answer so far (`grouped: true` asks related items together). \
It keeps nothing between calls: send all the answers each time.
3. Ask the `question` it returns as written: for a group, its `text` and then each item's \
`label`. Always offer "I don't know". Put each answer where the item's `field` says: "yes", \
"no", "unknown" for "I don't know" or no answer, or a number. Never answer for the person and \
never turn "I don't know" into "no".
4. If the person asks why, call `explain` with the question's id and give its `why`.
5. Repeat from 2 until `should_stop` is true. Then show `triage.see` and `triage.within` as \
written, with the reasons; on `settled` the advice too; on `screen_incomplete` say that a \
professional should check the warning signs in `assessment.red_flag_screen.unanswered`. Stop \
asking.
6. {RELAY_RULE}
"""


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def questionnaire() -> str:
    """Every item in the order asked: its field, kind, choices, text, and why it is asked."""
    found = [QuestionOut.of(item) for item in items()]
    groups = list(dict.fromkeys(item.group for item in found))
    return _json(Questionnaire(groups=groups, items=found).model_dump(mode="json"))


def rule_catalogue() -> str:
    """Every rule: id, area, plain description, source, and the questions it reads."""
    rules = [RuleOut.of(entry) for entry in catalogue()]
    return _json(RuleCatalogue(rule_base_version=RULE_BASE_VERSION, rules=rules).model_dump())


def contract() -> str:
    """The contract as data: the triage scale, the guarantees and the models' JSON schemas."""
    return _json(
        {
            "contract": CONTRACT_VERSION,
            "rule_base_version": RULE_BASE_VERSION,
            "full_text": "docs/contract.md in the project's source",
            "levels": [
                {
                    "level": level.value,
                    "see": r.see,
                    "within": r.within,
                    "means": LEVEL_MEANINGS[level],
                }
                for level, r in DISPOSITIONS.items()
            ],
            "instructions": INSTRUCTIONS,
            "schemas": {
                "Intake": Intake.model_json_schema(),
                "InterviewRequest": InterviewRequest.model_json_schema(),
                "InterviewStepResult": InterviewStepResult.model_json_schema(),
                "AssessmentResult": AssessmentResult.model_json_schema(),
                "ParseResult": ParseResult.model_json_schema(),
            },
        }
    )


def conversation() -> str:
    """How to hold a triage conversation with these tools."""
    return CONVERSATION


def add_resources(server: MCPServer[Any]) -> None:
    """Register the resources and the prompt."""
    for uri, name, function in (
        (QUESTIONNAIRE_URI, "questionnaire", questionnaire),
        (RULES_URI, "rule_catalogue", rule_catalogue),
        (CONTRACT_URI, "contract", contract),
    ):
        server.resource(uri, name=name, description=function.__doc__, mime_type="application/json")(
            function
        )
    server.prompt(PROMPT, title="Hold a triage conversation", description=conversation.__doc__)(
        conversation
    )
