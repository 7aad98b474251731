"""The rule-base reference is generated from the rules, the committed copy is up to date, and a change
of the rules comes with a new rule-base version."""

from __future__ import annotations

import re

from rules.catalogue import catalogue
from rules.findings import FINDINGS
from rules.red_flags import FLAGS
from rules.rulebase import RULE_BASE_VERSION
from tests.paths import ROOT
from triage.devtools.docs import rule_base_markdown

REFERENCE = ROOT / "docs" / "rule-base.md"

WRITE = "`triage rules --format markdown > docs/rule-base.md`"

VERSION_LINE = re.compile(r"^Rule base version `([^`]*)`", re.MULTILINE)
"""The reference's first sentence, naming the version it was written for."""


def version_problem(committed: str, generated: str, version: str) -> str | None:
    """Why the rules changed without a new version: the committed reference, written for the
    version it names, differs from the generated one in more than that version; else None."""
    written_for = VERSION_LINE.search(committed)
    if written_for is None:
        return f"docs/rule-base.md names no version: run {WRITE}"
    same = VERSION_LINE.sub("", committed) == VERSION_LINE.sub("", generated)
    if same or written_for[1] != version:
        return None
    return (
        f"The rules changed since docs/rule-base.md was written for version {version}: give the "
        "rule base a new version (RULE_BASE_VERSION in rules/rulebase.py: the year, the month and "
        f"a count, such as 2026.12.8), then run {WRITE}"
    )


def test_committed_reference_matches_the_rules() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == rule_base_markdown(), (
        "docs/rule-base.md is out of date: if the rules changed, give the rule base a new version "
        f"first (RULE_BASE_VERSION in rules/rulebase.py), then run {WRITE}"
    )


def test_a_change_of_the_rules_comes_with_a_new_rule_base_version() -> None:
    committed = REFERENCE.read_text(encoding="utf-8")
    problem = version_problem(committed, rule_base_markdown(), RULE_BASE_VERSION)
    assert problem is None, problem


def test_the_version_check_flags_changed_rules_under_an_old_version_and_nothing_else() -> None:
    old = "# The rule base\n\nRule base version `2026.12.7`. Generated.\n\n- `red_flag_a`\n"
    changed = old + "- `red_flag_b`\n"
    bumped = changed.replace("2026.12.7", "2026.12.8")
    assert "2026.12.7" in str(version_problem(old, changed, "2026.12.7"))
    assert version_problem(old, bumped, "2026.12.8") is None
    assert version_problem(old, old, "2026.12.7") is None
    assert version_problem(old, old.replace("2026.12.7", "2026.12.8"), "2026.12.8") is None
    assert "names no version" in str(version_problem("# no version\n", old, "2026.12.7"))


def test_reference_lists_every_rule_every_ratio_and_the_prior() -> None:
    text = rule_base_markdown()
    assert all(f"`{entry.id}`" in text for entry in catalogue())
    assert all(f"`{finding.question.value}`" in text for finding in FINDINGS)
    assert all(f"`red_flag_{flag.id}`" in text for flag in FLAGS)
    assert "prior of **0.3**" in text
