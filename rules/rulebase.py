"""The whole rule base: every clinical area combined by inheritance, and its version."""

from __future__ import annotations

from experta import KnowledgeEngine

from rules.advice import AdviceRules
from rules.differentials import DifferentialRules
from rules.findings import FindingRules
from rules.levels import TriageRules
from rules.red_flags import RedFlagRules

RULE_BASE_VERSION = "2026.12.7.12"
"""Bumped whenever a rule, a ratio or a level changes, so that results can be traced to rules."""

AREAS: dict[str, type[KnowledgeEngine]] = {
    "red_flags": RedFlagRules,
    "findings": FindingRules,
    "differentials": DifferentialRules,
    "triage": TriageRules,
    "advice": AdviceRules,
}
"""The clinical areas, each a class of rules, in the order a reviewer reads them."""


class RuleBase(RedFlagRules, FindingRules, DifferentialRules, TriageRules, AdviceRules):
    """Every rule of every area."""


__all__ = ["AREAS", "RULE_BASE_VERSION", "RuleBase"]
