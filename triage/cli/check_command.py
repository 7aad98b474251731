"""`triage check`: verify the rule base and show a witness intake for every rule."""

from __future__ import annotations

import argparse
import json

from rules.rulebase import RULE_BASE_VERSION
from triage.cli.common import Command, print_json
from triage.devtools.verify import CheckReport, verify

EXIT_FINDINGS = 1
"""The exit status when any check has a finding."""


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--generated",
        type=int,
        default=200,
        metavar="N",
        help="how many random intakes test the red-flag levels (default 200)",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=5.0,
        help="the time the witness search may spend on random intakes (default 5)",
    )
    parser.add_argument("--seed", type=int, default=0, help="the seed of the random intakes")
    parser.add_argument(
        "--no-witnesses", action="store_true", help="do not list the witness of each rule"
    )


def _run(args: argparse.Namespace) -> int:
    report = verify(args.core, generated=args.generated, seconds=args.seconds, seed=args.seed)
    if args.json:
        print_json(as_dict(report))
    else:
        print(text(report, witnesses=not args.no_witnesses))
    return EXIT_FINDINGS if report.problems else 0


def as_dict(report: CheckReport) -> dict[str, object]:
    """The report as plain data, for JSON."""
    return {
        "rule_base_version": RULE_BASE_VERSION,
        "ok": not report.problems,
        "checks": [
            {
                "name": result.name,
                "description": result.description,
                "ok": not result.problems,
                "problems": [{"subject": p.subject, "message": p.message} for p in result.problems],
            }
            for result in report.results
        ],
        "witnesses": dict(report.witnesses),
    }


def text(report: CheckReport, *, witnesses: bool = True) -> str:
    """The report as readable text: each check, its findings, then each rule's witness."""
    lines = [f"Rule base {RULE_BASE_VERSION}: {len(report.witnesses)} rules", ""]
    for result in report.results:
        status = "ok  " if not result.problems else "FAIL"
        lines.append(f"{status}  {result.name}: {result.description}")
        lines += [f"        {p.subject}: {p.message}" for p in result.problems]
    if witnesses:
        lines += ["", "Witnesses (an intake that fires each rule):"]
        for rule, intake in report.witnesses.items():
            shown = json.dumps(intake, ensure_ascii=False) if intake else "none found"
            lines.append(f"  {rule}: {shown}")
    count = len(report.problems)
    lines += ["", "No findings." if not count else f"{count} finding(s)."]
    return "\n".join(lines)


COMMAND = Command(
    "check",
    "verify the rule base (ids, sources, questions, reachability, red flags, references)",
    _configure,
    _run,
)
