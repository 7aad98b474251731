"""The rule-base reference is generated from the rules and the committed copy is up to date."""

from __future__ import annotations

from rules.catalogue import catalogue
from rules.findings import FINDINGS
from rules.red_flags import FLAGS
from tests.paths import ROOT
from triage.devtools.docs import rule_base_markdown

REFERENCE = ROOT / "docs" / "rule-base.md"


def test_committed_reference_matches_the_rules() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == rule_base_markdown(), (
        "docs/rule-base.md is out of date: run `triage rules --format markdown > docs/rule-base.md`"
    )


def test_reference_lists_every_rule_every_ratio_and_the_prior() -> None:
    text = rule_base_markdown()
    assert all(f"`{entry.id}`" in text for entry in catalogue())
    assert all(f"`{finding.question.value}`" in text for finding in FINDINGS)
    assert all(f"`red_flag_{flag.id}`" in text for flag in FLAGS)
    assert "prior of **0.3**" in text
