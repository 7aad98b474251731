"""A rule's structure is read in one module: its rules, its body, its patterns, the answers it reads."""

from __future__ import annotations

from pathlib import Path

from rules.catalogue import catalogue
from rules.rulebase import RuleBase
from rules.structure import EXTRA_KEYS, answer_keys, body_of, questions_read, rules_of

ROOT = Path(__file__).resolve().parents[2]
EXPERTA_INTERNALS = ("__wrapped__", "._wrapped", "isinstance(member, Rule)")


def test_only_the_structure_module_reaches_into_experta_rules() -> None:
    readers = [
        f"{path.relative_to(ROOT)}: {word}"
        for folder in ("rules", "triage", "api")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "structure.py"
        for word in EXPERTA_INTERNALS
        if word in path.read_text(encoding="utf-8")
    ]
    assert not readers, f"read a rule's structure through rules.structure: {readers}"


def test_every_rule_of_the_rule_base_is_in_the_catalogue_with_the_questions_it_reads() -> None:
    entries = {entry.id: entry for entry in catalogue()}
    assert set(rules_of(RuleBase)) == set(entries)
    for rule_id, rule in rules_of(RuleBase).items():
        assert body_of(rule).__name__ == rule_id
        read = answer_keys(rule)
        assert entries[rule_id].questions == questions_read(rule)
        assert [q.value for q in questions_read(rule)] == [k for k in read if k not in EXTRA_KEYS]
