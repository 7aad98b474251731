"""Clinical validation: the triage level and the likelihood measured against cases with known answers.

A validation file is JSON Lines, one case a line:

    {"id": ..., "intake": {...}, "expected_level": ..., "acceptable_levels": [...], "condition": ...}

`id`, `intake` and `expected_level` are required; `acceptable_levels` (a list of levels that
includes `expected_level`) and `condition` (the final diagnosis: a condition id of the rule base,
or `other`) are optional. These five keys are the ones read. The keys in `NOTE_KEYS` document a
case (its source, how it was encoded, why its level was chosen) and are accepted but never read;
any other key is an error, so that a mistyped key is not silently ignored. A line is read by the
pydantic model `triage.files.case_lines.ValidationLine`, its intake by `parse_intake`.

The measures (clinical facts §5 and §7):

- exact: the level given equals `expected_level`.
- under-triage: the level given is less urgent than `expected_level`, or, when acceptable levels
  are given, than every one of them. Over-triage: more urgent than every acceptable level.
- safe (Gilbert et al., BMJ Open 2020): at the gold-standard level, more urgent, or at most one
  level less urgent. With acceptable levels, the least urgent of them is the gold standard.
- the AUC of the tendinopathy probability, `condition == "proximal_hamstring_tendinopathy"`
  against every other condition (Mann-Whitney: each pair ranked right counts 1, a tie 1/2), and
  its Brier score (the mean squared difference between the probability and 1 or 0). Cases
  without a condition are left out of both.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rules.scale import Condition, Level
from triage.devtools.accuracy import Named, bootstrap_interval, calibration, diagnosis_accuracy
from triage.errors import (
    CaseFileError,
    DuplicateKeyError,
    IntakeError,
    LineProblem,
    ValidationFileError,
)
from triage.files.case_lines import (
    OTHER_CONDITION,
    ValidationLine,
    file_lines,
    json_problem,
    problems,
)
from triage.files.strict_json import loads
from triage.models import Assessment, Intake, parse_intake

TENDINOPATHY = Condition.PROXIMAL_HAMSTRING_TENDINOPATHY.value
"""The condition whose likelihood the AUC and Brier score measure."""


# --- Reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValidationCase:
    """One case with a known answer: its intake, the level it should get, its final diagnosis."""

    id: str
    intake: Intake
    expected: Level
    acceptable: frozenset[Level]
    condition: str | None
    origin: str

    @property
    def floor(self) -> Level:
        """The least urgent level that is not under-triage."""
        return min(self.acceptable, key=lambda level: level.urgency)

    @property
    def ceiling(self) -> Level:
        """The most urgent level that is not over-triage."""
        return max(self.acceptable, key=lambda level: level.urgency)


def load_validation_cases(path: Path) -> list[ValidationCase]:
    """Every case in a .jsonl file, or in the .jsonl files under a folder (sorted, any depth)."""
    if not path.exists():
        raise CaseFileError(f"{path} does not exist")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.jsonl") if p.is_file())
        if not files:
            raise CaseFileError(f"no .jsonl files in {path}")
    else:
        files = [path]
    cases: list[ValidationCase] = []
    problems: list[LineProblem] = []
    seen: dict[str, str] = {}
    for file in files:
        try:
            numbered = list(file_lines(file))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(LineProblem(str(file), "(file)", f"cannot be read: {error}"))
            continue
        for number, line in numbered:
            origin = f"{file}:{number}"
            case, found = _case(line, origin)
            problems += found
            if case is None:
                continue
            if case.id in seen:
                message = f"{case.id!r} is already the id of the case at {seen[case.id]}"
                problems.append(LineProblem(origin, "id", message))
                continue
            seen[case.id] = origin
            cases.append(case)
    if problems:
        raise ValidationFileError(problems)
    if not cases:
        raise CaseFileError(f"no cases in {path}")
    return cases


def _case(line: str, origin: str) -> tuple[ValidationCase | None, list[LineProblem]]:
    data, found = _document(line)
    case: ValidationLine | None = None
    intake: Intake | None = None
    if isinstance(data, Mapping):
        try:
            case = ValidationLine.model_validate(data)
        except ValidationError as error:
            found += problems(error, "is not a key of a validation case")
        intake = _intake(data, found)
    if found or case is None or intake is None:
        return None, [LineProblem(origin, field, message) for field, message in found]
    expected, condition = case.expected_level, case.condition
    return ValidationCase(case.id, intake, expected, case.acceptable, condition, origin), []


def _document(line: str) -> tuple[Any, list[tuple[str, str]]]:
    """The line's JSON object, or the problem that keeps it from being one."""
    try:
        data = loads(line)
    except DuplicateKeyError as error:
        problem = error.problem()
        return None, [(problem.path, problem.message)]
    except json.JSONDecodeError as error:
        return None, [("(line)", json_problem(error))]
    if not isinstance(data, Mapping):
        return None, [("(line)", f"expected a JSON object, got {type(data).__name__}")]
    return data, []


def _intake(data: Mapping[str, Any], found: list[tuple[str, str]]) -> Intake | None:
    """The line's intake, its problems (under `intake.`) added to `found`."""
    try:
        return parse_intake(data["intake"]) if "intake" in data else None
    except IntakeError as error:
        found += [(_field("intake", p.path), p.message) for p in error.problems]
        return None


def _field(prefix: str, path: str) -> str:
    return prefix if path == "(body)" else f"{prefix}.{path}"


# --- Measuring -------------------------------------------------------------------------------


class Verdict(StrEnum):
    """How a given level compares with a case's expected and acceptable levels."""

    EXACT = "exact"
    ACCEPTABLE = "acceptable"
    UNDER = "under_triage"
    OVER = "over_triage"


def verdict(case: ValidationCase, given: Level) -> Verdict:
    """Exact, another acceptable level, under-triage or over-triage."""
    if given is case.expected:
        return Verdict.EXACT
    if given.urgency < case.floor.urgency:
        return Verdict.UNDER
    if given.urgency > case.ceiling.urgency:
        return Verdict.OVER
    return Verdict.ACCEPTABLE


def is_safe(case: ValidationCase, given: Level) -> bool:
    """Gilbert 2020: at the gold standard, more urgent, or no more than one level less urgent."""
    return given.urgency >= case.floor.urgency - 1


def auc(scored: Iterable[tuple[float, bool]]) -> Fraction | None:
    """The exact Mann-Whitney AUC of (score, is positive) pairs, ties counting half; None if one class is empty."""
    groups: dict[float, list[int]] = {}
    for score, positive in scored:
        counts = groups.setdefault(score, [0, 0])
        counts[0 if positive else 1] += 1
    positives = sum(counts[0] for counts in groups.values())
    negatives = sum(counts[1] for counts in groups.values())
    if not positives or not negatives:
        return None
    twice_wins = 0
    negatives_below = 0
    for score in sorted(groups):
        pos, neg = groups[score]
        twice_wins += pos * (2 * negatives_below + neg)
        negatives_below += neg
    return Fraction(twice_wins, 2 * positives * negatives)


def brier(scored: Iterable[tuple[float, bool]]) -> float | None:
    """The mean squared difference between each probability and 1 (positive) or 0; None if empty."""
    errors = [(probability - (1.0 if positive else 0.0)) ** 2 for probability, positive in scored]
    return math.fsum(errors) / len(errors) if errors else None


@dataclass(frozen=True, slots=True)
class CaseResult:
    """One case as the system triaged it."""

    case: ValidationCase
    given: Level
    probability: float
    named: tuple[str, ...] = ()
    """The conditions the assessment ranked, best first (`Assessment.conditions`)."""

    @property
    def verdict(self) -> Verdict:
        """How the level given compares with the expected one."""
        return verdict(self.case, self.given)

    @property
    def safe(self) -> bool:
        """Whether the level given is safe in Gilbert's sense."""
        return is_safe(self.case, self.given)


@dataclass(frozen=True, slots=True)
class Report:
    """The validation figures over a set of cases."""

    results: tuple[CaseResult, ...]

    def ids(self, wanted: Verdict) -> list[str]:
        """The ids of the cases with one verdict, in file order."""
        return [r.case.id for r in self.results if r.verdict is wanted]

    @property
    def exact(self) -> int:
        """How many cases got exactly the expected level."""
        return len(self.ids(Verdict.EXACT))

    @property
    def safe(self) -> float:
        """The share of cases whose level is safe in Gilbert's sense."""
        return sum(r.safe for r in self.results) / len(self.results)

    @property
    def scored(self) -> list[tuple[float, bool]]:
        """(tendinopathy probability, is tendinopathy) for the cases with a condition."""
        return [
            (r.probability, r.case.condition == TENDINOPATHY)
            for r in self.results
            if r.case.condition is not None
        ]

    @property
    def confusion(self) -> dict[str, dict[str, int]]:
        """How many cases of each expected level (rows) got each level (columns)."""
        table = {expected.value: {given.value: 0 for given in Level} for expected in Level}
        for r in self.results:
            table[r.case.expected.value][r.given.value] += 1
        return table

    @property
    def diagnosis(self) -> dict[str, Any]:
        """Top-1 and top-3 accuracy of the final diagnosis, overall and by condition, and misses."""
        named = [
            Named(r.case.id, r.case.condition, r.named)
            for r in self.results
            if r.case.condition is not None
        ]
        return diagnosis_accuracy(named, OTHER_CONDITION, (c.value for c in Condition))

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain data (the `--json` output)."""
        scored = self.scored
        area = auc(scored)
        interval = bootstrap_interval(scored, brier)
        return {
            "n": len(self.results),
            "exact": self.exact,
            "exact_share": self.exact / len(self.results),
            "under_triage": self.ids(Verdict.UNDER),
            "over_triage": self.ids(Verdict.OVER),
            "acceptable": self.ids(Verdict.ACCEPTABLE),
            "safe": self.safe,
            "unsafe": [r.case.id for r in self.results if not r.safe],
            "pht_auc": None if area is None else float(area),
            "brier": brier(scored),
            "brier_interval": None if interval is None else list(interval),
            "calibration": calibration(scored),
            "diagnosis": self.diagnosis,
            "scored_cases": len(scored),
            "tendinopathy_cases": sum(positive for _, positive in scored),
            "without_condition": len(self.results) - len(scored),
            "confusion": self.confusion,
            "cases": [
                {
                    "id": r.case.id,
                    "expected_level": r.case.expected.value,
                    "given_level": r.given.value,
                    "outcome": r.verdict.value,
                    "safe": r.safe,
                    "condition": r.case.condition,
                    "probability": r.probability,
                    "named": list(r.named[:3]),
                }
                for r in self.results
            ],
        }


def validate(cases: Iterable[ValidationCase], assess: Callable[[Intake], Assessment]) -> Report:
    """Assess every case and compare each level and likelihood with the known answer."""
    results = []
    for case in cases:
        assessment = assess(case.intake)
        named = tuple(entry.condition.value for entry in assessment.conditions)
        results.append(
            CaseResult(case, assessment.triage.level, assessment.likelihood.probability, named)
        )
    if not results:
        raise CaseFileError("no cases to validate")
    return Report(tuple(results))
