"""`/v1/rules`: the rule catalogue, each rule with its plain description and source."""

from __future__ import annotations

from fastapi import APIRouter

from api.routers import answer_head
from api.schemas import RuleCatalogue, RuleOut
from rules.catalogue import catalogue
from rules.rulebase import RULE_BASE_VERSION

router = APIRouter(prefix="/v1/rules", tags=["rules"])


@router.get("", operation_id="listRules", summary="The rule catalogue")
async def list_rules() -> RuleCatalogue:
    """Every rule of the rule base, area by area: id, area, description, source, and the
    question ids its conditions read."""
    return RuleCatalogue(
        rule_base_version=RULE_BASE_VERSION, rules=[RuleOut.of(e) for e in catalogue()]
    )


answer_head(router)
