"""`triage assess --format text`: the report's own words come from the locale, in its language."""

from __future__ import annotations

from triage import Texts, assess
from triage.assessment.report import text_report

INTAKE = {
    "age": 30,
    "sex": "male",
    "answers": {
        "sit_bone_pain": "yes",
        "sudden_onset": "no",
        "runs_or_sprint_sport": "yes",
        "hill_lunge_pain": "yes",
        "sitting_pain": "yes",
        "pain_severity": 7,
        "slump_test": "no",
    },
}
"""A runner with sit-bone pain: the screen is incomplete, a finding is not counted, and some
advice has a note on its evidence, so every fixed line of the report is written."""


class Named(Texts):
    """Texts whose every sentence is its name and its fields: what the report writes by itself
    is then all that is left in English."""

    def message(self, name: str, **fields: str) -> str:
        """The sentence's name in brackets, then each field."""
        return f"<{name}>" + "".join(f"[{value}]" for value in fields.values())


def test_every_fixed_line_of_the_report_comes_from_the_locale() -> None:
    report = text_report(assess(INTAKE), Named())
    for name in (
        "report_triage",
        "report_who",
        "report_when",
        "report_why",
        "report_prior",
        "report_not_counted",
        "report_screen",
        "report_screen_incomplete",
        "report_not_answered",
        "report_conditions",
        "report_advice",
        "report_evidence_note",
        "report_rule_base",
    ):
        assert f"<{name}>" in report, name
    for english in ("TRIAGE", "Who:", "When:", "Why:", "prior of", "not counted", "Red-flag"):
        assert english not in report
    for english in ("Not yet answered", "Conditions considered", "Advice:", "differs", "Rule base"):
        assert english not in report


def test_the_english_report_reads_as_before() -> None:
    report = text_report(assess(INTAKE)).splitlines()
    assert report[0].startswith("TRIAGE: ")
    assert report[1].startswith("  Who: ") and report[2].startswith("  When: ")
    assert "Red-flag screen: INCOMPLETE" in report
    assert "Conditions considered, best supported first:" in report
    assert any(line.startswith("      Why this differs from the article: ") for line in report)
    assert report[-1].startswith("Rule base ")
