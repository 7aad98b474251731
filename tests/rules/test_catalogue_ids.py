"""Every rule id is written in the rule base's source, and a table row's id is what it says."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import rules
from rules.catalogue import catalogue
from rules.differentials import FEATURES
from rules.findings import FINDINGS
from rules.red_flags import FLAGS

RULES_SOURCE = "\n".join(p.read_text() for p in Path(rules.__file__).parent.rglob("*.py"))


def test_every_rule_id_can_be_found_in_the_rules_source_by_search() -> None:
    missing = [
        entry.id
        for entry in catalogue()
        if f'"{entry.id}"' not in RULES_SOURCE and f"def {entry.id}(" not in RULES_SOURCE
    ]
    assert not missing


def test_a_red_flag_row_whose_rule_id_names_another_flag_is_refused() -> None:
    with pytest.raises(ValueError, match="not 'red_flag_saddle_numbness'"):
        dataclasses.replace(FLAGS[0], rule="red_flag_bladder_bowel_change")


def test_a_finding_row_whose_rule_id_names_another_answer_is_refused() -> None:
    finding = next(f for f in FINDINGS if f.yes is not None and f.no is not None)
    with pytest.raises(ValueError, match="rule id"):
        dataclasses.replace(finding, yes_rule=finding.no_rule)
    with pytest.raises(ValueError, match="rule id"):
        dataclasses.replace(finding, no=None)  # a rule id for an answer with no ratio


def test_a_differential_row_whose_rule_id_names_another_condition_is_refused() -> None:
    feature = FEATURES[0]
    with pytest.raises(ValueError, match="does not start with"):
        dataclasses.replace(feature, rule="differential_stress_fracture_below_knee_pain")
