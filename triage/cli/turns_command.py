"""`triage turns CASES...`: how many turns a conversation takes on a set of cases, in each style."""

from __future__ import annotations

import argparse
from pathlib import Path

from triage.cli.common import Command, print_json
from triage.devtools.cases import load_cases
from triage.devtools.turns import STYLES, StyleReport, measure
from triage.errors import CaseError, CommandError

EXIT_MISSED = 1
"""The exit status when a conversation ends at another level than the full form."""


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "cases",
        metavar="CASES",
        type=Path,
        nargs="+",
        help="a .jsonl file, a .csv file or a folder of cases (each intake is a person's answers)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _run(args: argparse.Namespace) -> int:
    cases = []
    for path in args.cases:
        try:
            cases += load_cases(path)
        except CaseError as error:
            raise CommandError(f"cannot play the cases in {path}: {error}") from None
    reports = measure(cases, STYLES, args.core)
    if args.json:
        print_json([report.as_dict() for report in reports])
    else:
        print("\n\n".join(table(report) for report in reports))
    return EXIT_MISSED if any(report.missed for report in reports) else 0


def table(report: StyleReport) -> str:
    """One style's figures as text."""
    spread = ", ".join(f"{turns}: {count}" for turns, count in report.distribution.items())
    lines = [
        f"{report.style.name}: {len(report.played)} cases",
        f"  turns: mean {report.mean:.1f}, max {report.most}",
        f"  distribution (turns: cases): {spread}",
        f'  "I don\'t know" to everything: {report.all_unknown_turns} turns',
    ]
    missed = report.missed
    lines.append(
        "  every case reached the level of the full form"
        if not missed
        else "  did not reach the full form's level: "
        + ", ".join(f"{p.case} ({p.level}, full form {p.full_level})" for p in missed)
    )
    return "\n".join(lines)


COMMAND = Command(
    "turns",
    "play each case as a conversation (patient or clinician, grouped or not) and count the turns",
    _configure,
    _run,
)
