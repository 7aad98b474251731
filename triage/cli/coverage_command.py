"""`triage coverage CASES`: which rules a set of cases fires, as a table or as JSON."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

from tqdm import tqdm

from triage.cli.common import Command, print_json
from triage.devtools.cases import Case, load_cases
from triage.devtools.coverage import Coverage, measure
from triage.errors import CaseError, CommandError

EXIT_UNDER = 1
"""The exit status when coverage is under `--fail-under`."""

PROGRESS_FROM = 300
"""Runs of more cases than this show a progress bar when standard error is a terminal."""


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "cases",
        metavar="CASES",
        type=Path,
        help="a .jsonl file, a .csv file (columns age, sex and question ids) or a folder of cases",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--fail-under",
        type=float,
        metavar="PERCENT",
        default=None,
        help="exit with status 1 when fewer than PERCENT of the rules fired",
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help=f"always show a progress bar (by default only past {PROGRESS_FROM} cases on a terminal)",
    )


def _run(args: argparse.Namespace) -> int:
    try:
        cases = load_cases(args.cases)
    except CaseError as error:
        raise CommandError(f"cannot run the cases in {args.cases}: {error}") from None
    coverage = measure(_with_progress(cases, args.progress), args.core)
    if args.json:
        print_json(coverage.as_dict())
    else:
        print(table(coverage))
    if args.fail_under is not None and coverage.under(args.fail_under):
        print(
            f"triage coverage: {coverage.percent:.1f}% of the rules fired, under the required "
            f"{args.fail_under:g}%",
            file=sys.stderr,
        )
        return EXIT_UNDER
    return 0


def _with_progress(cases: list[Case], forced: bool) -> Iterable[Case]:
    show = forced or (len(cases) > PROGRESS_FROM and sys.stderr.isatty())
    if not show:
        return cases
    # The bar shows counts only: never a case's name or answers.
    bar: Iterable[Case] = tqdm(cases, desc="cases", unit="case", file=sys.stderr, leave=False)
    return bar


def summary(coverage: Coverage) -> str:
    """One line: how many rules fired, of how many, by how many cases."""
    return (
        f"{coverage.fired} of {coverage.total} rules fired ({coverage.percent:.1f}%) "
        f"by {len(coverage.runs)} cases"
    )


def table(coverage: Coverage) -> str:
    """Coverage as a readable report: the rule table, the rules never fired, each case's rules."""
    width = max((len(count.rule) for count in coverage.counts), default=4)
    lines = [f"Rule coverage: {summary(coverage)}", ""]
    lines.append(f"{'rule':<{width}}  {'area':<13}  {'cases':>5}  {'firings':>7}")
    for count in coverage.counts:
        lines.append(
            f"{count.rule:<{width}}  {count.area:<13}  {count.cases:>5}  {count.firings:>7}"
        )
    lines += ["", f"Never fired ({len(coverage.never_fired)}):"]
    lines += [f"  {rule}" for rule in coverage.never_fired] or ["  (none)"]
    lines += ["", "Rules fired by each case:"]
    for run in coverage.runs:
        rules = ", ".join(run.rules) or "(none)"
        lines.append(
            textwrap.fill(
                rules,
                width=100,
                initial_indent=f"  {run.name} ({len(run.rules)}): ",
                subsequent_indent="      ",
                break_on_hyphens=False,
            )
        )
    lines += ["", summary(coverage)]
    return "\n".join(lines)


COMMAND = Command(
    "coverage",
    "run a set of cases and report which rules fired (a .jsonl, a .csv or a folder)",
    _configure,
    _run,
)
