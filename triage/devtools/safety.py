"""Safety checks that need no test framework: the red-flag floor (contract §5, rule 1).

`triage check` runs this check on every witness and generated intake, so it lives apart from the
hypothesis strategies of `triage.devtools.testing`, which re-exports it with the other checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rules.patterns import satisfied_by
from rules.red_flags import FLAGS
from triage.assessment.pipeline import answers_fact
from triage.core import assess
from triage.devtools.witness import IntakeData, as_data
from triage.models import Assessment, Intake, parse_intake


def known_answers(intake: IntakeData | Intake | Mapping[str, Any]) -> dict[str, Any]:
    """The intake's known answers, with `age` and `sex`, as the rules see them."""
    return dict(answers_fact(parse_intake(intake)).as_dict())


def check_red_flag_floor(
    intake: IntakeData | Intake | Mapping[str, Any], assessment: Assessment | None = None
) -> None:
    """Rule 1: every red flag whose conditions hold is listed, and the level is at least its level."""
    result = assessment if assessment is not None else assess(intake)
    known = known_answers(as_data(intake))
    listed = {flag.id for flag in result.red_flags}
    missed = [flag.id for flag in FLAGS if satisfied_by(flag.when, known) and flag.id not in listed]
    assert not missed, f"safety rule 1: red flags missed: {', '.join(missed)}"
    level = result.triage.level
    for flag in result.red_flags:
        assert level.urgency >= flag.level.urgency, (
            f"safety rule 1: level {level.value} is less urgent than red flag {flag.id} "
            f"({flag.level.value}, rule {flag.rule})"
        )
