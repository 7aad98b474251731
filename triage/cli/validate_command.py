"""`triage validate CASES`: triage levels and the likelihood against cases with known answers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rules.scale import Level
from triage.cli.common import Command, print_json
from triage.devtools.accuracy import ENOUGH_CASES
from triage.devtools.validate import (
    Report,
    Verdict,
    load_validation_cases,
)
from triage.errors import CommandError, ValidationFileError

EXIT_UNDER_TRIAGE = 1
"""The exit status when any case is under-triaged."""

_SHORT = {
    Level.EMERGENCY_AMBULANCE: "ambulance",
    Level.EMERGENCY: "emergency",
    Level.CONSULTATION_24: "within_24h",
    Level.CONSULTATION: "consult",
    Level.SELF_CARE: "self_care",
}


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "cases",
        metavar="CASES",
        type=Path,
        help="a .jsonl file of validation cases, or a folder searched for .jsonl files",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _run(args: argparse.Namespace) -> int:
    try:
        cases = load_validation_cases(args.cases)
    except ValidationFileError as error:
        raise CommandError(f"cannot validate {args.cases}: {error}") from None
    report = args.core.validate(cases)
    if args.json:
        print_json(report.as_dict())
    else:
        print(table(report, str(args.cases)))
    return EXIT_UNDER_TRIAGE if report.ids(Verdict.UNDER) else 0


def _share(count: int, total: int) -> str:
    return f"{count} of {total} ({100 * count / total:.1f}%)"


def table(report: Report, source: str) -> str:
    """The validation report as a readable table."""
    data = report.as_dict()
    n = data["n"]
    auc = "n/a (needs cases with and without tendinopathy)"
    if data["pht_auc"] is not None:
        auc = f"{data['pht_auc']:.3f}"
    brier = "n/a" if data["brier"] is None else f"{data['brier']:.3f}"
    if data["brier_interval"] is not None:
        low, high = data["brier_interval"]
        brier += f" (95% bootstrap interval {low:.3f} to {high:.3f})"
    scored = (
        f"{data['tendinopathy_cases']} tendinopathy against "
        f"{data['scored_cases'] - data['tendinopathy_cases']} other cases; "
        f"{data['without_condition']} without a condition left out"
    )
    safe_count = n - len(data["unsafe"])
    lines = [
        f"Clinical validation: {n} cases from {source}",
        "",
        f"exact level           {_share(data['exact'], n)}",
        f"other acceptable      {_share(len(data['acceptable']), n)}",
        f"under-triage          {_share(len(data['under_triage']), n)}",
        f"over-triage           {_share(len(data['over_triage']), n)}",
        f"safe (Gilbert 2020)   {_share(safe_count, n)}",
        f"tendinopathy AUC      {auc} ({scored})",
        f"Brier score           {brier}",
        *_calibration_lines(data["calibration"]),
        *_diagnosis_lines(data["diagnosis"]),
    ]
    by_id = {case["id"]: case for case in data["cases"]}
    for title, key in (("Under-triaged", "under_triage"), ("Over-triaged", "over_triage")):
        lines += ["", f"{title} ({len(data[key])}):"]
        lines += [
            f"  {case_id}: expected {by_id[case_id]['expected_level']}, "
            f"given {by_id[case_id]['given_level']}"
            for case_id in data[key]
        ] or ["  (none)"]
    lines += ["", "Confusion (rows: expected level; columns: level given):"]
    width = max(len(level.value) for level in Level)
    header = " ".join(f"{_SHORT[level]:>10}" for level in Level)
    lines.append(f"  {'expected':<{width}} {header}")
    for expected, row in data["confusion"].items():
        cells = " ".join(f"{row[level.value]:>10}" for level in Level)
        lines.append(f"  {expected:<{width}} {cells}")
    return "\n".join(lines)


def _figure(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _calibration_lines(found: dict[str, float | None]) -> list[str]:
    observed, predicted = found["observed"], found["mean_predicted"]
    mean = (
        ""
        if observed is None or predicted is None
        else (f" (observed {observed:.3f}, mean predicted {predicted:.3f})")
    )
    return [
        f"calibration in large  {_figure(found['in_the_large'])}{mean}",
        f"calibration slope     {_figure(found['slope'])}",
    ]


def _top(found: dict[str, object], k: int) -> str:
    share = found[f"top{k}_share"]
    if not isinstance(share, float):
        return "n/a"
    return f"{found[f'top{k}']} of {found['n']} ({100 * share:.1f}%)"


def _diagnosis_lines(found: dict[str, Any]) -> list[str]:
    lines = [
        "",
        f"Final diagnosis named ({found['n']} cases with a known condition; "
        f"{found['other_left_out']} 'other' left out):",
        f"  first                {_top(found, 1)}",
        f"  in the first three   {_top(found, 3)}",
        "",
        "By condition (cases, first, in the first three):",
    ]
    width = max((len(name) for name in found["by_condition"]), default=10)
    for name, row in found["by_condition"].items():
        lines.append(f"  {name:<{width}} {row['n']:>3} {row['top1']:>4} {row['top3']:>4}")
    too_few = ", ".join(f"{name} ({n})" for name, n in found["too_few"].items()) or "(none)"
    lines += ["", f"Fewer than {ENOUGH_CASES} cases: {too_few}"]
    lines += ["", f"Not named first ({len(found['misses'])}):"]
    lines += [
        f"  {miss['id']} ({miss['condition']}): "
        + (f"rank {miss['rank']}" if miss["rank"] else "not named")
        + f"; first three: {', '.join(miss['named']) or '(none)'}"
        for miss in found["misses"]
    ] or ["  (none)"]
    return lines


COMMAND = Command(
    "validate",
    "measure triage levels and the likelihood against cases with known answers (.jsonl)",
    _configure,
    _run,
)
