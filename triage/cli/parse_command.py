"""`triage parse [TEXT]`: a person's own words read as proposed answers (contract §7), as JSON.

The text comes from the argument, or from standard input when there is none (or it is `-`).
`triage parse --evaluate FILE` reads an annotated set instead and reports precision and recall by
status and by item group, and every miss; it exits 1 when a red flag the set states is not read
"yes", when any red flag is "no" in the answers, or when a figure is under `--min-precision` or
`--min-recall`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from triage.cli.common import Command, print_json
from triage.errors import CommandError
from triage.freetext import parse
from triage.freetext.evaluate import Evaluation, Tally, evaluate, load

EXIT_FAILED = 1


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "text", nargs="?", default="-", help="the text to read (default: standard input)"
    )
    parser.add_argument("--language", default="en", help="the text's language (default: en)")
    parser.add_argument(
        "--evaluate",
        type=Path,
        metavar="FILE",
        help="read an annotated set (JSON Lines) and report how well it is read",
    )
    parser.add_argument("--json", action="store_true", help="with --evaluate: the report as JSON")
    parser.add_argument(
        "--min-precision",
        type=float,
        default=0.0,
        metavar="X",
        help="with --evaluate: fail under X",
    )
    parser.add_argument(
        "--min-recall", type=float, default=0.0, metavar="X", help="with --evaluate: fail under X"
    )


def _run(args: argparse.Namespace) -> int:
    if args.evaluate is not None:
        return _evaluate(args)
    text = sys.stdin.read() if args.text == "-" else args.text
    try:
        reading = parse(text, args.language)
    except FileNotFoundError:
        raise CommandError(f"no phrases for the language {args.language!r}") from None
    print_json(reading.as_dict())
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    try:
        cases = load(args.evaluate)
    except OSError as error:
        raise CommandError(f"cannot read {args.evaluate}: {error.strerror}") from None
    result = evaluate(cases, args.language)
    failures = list(result.unsafe)
    overall = result.overall
    if overall.precision < args.min_precision:
        failures.append(f"precision {overall.precision:.3f} is under {args.min_precision}")
    if overall.recall < args.min_recall:
        failures.append(f"recall {overall.recall:.3f} is under {args.min_recall}")
    if args.json:
        print(json.dumps({**result.as_dict(), "failures": failures}, indent=2, ensure_ascii=False))
    else:
        print(report(result))
        for failure in failures:
            print(f"FAIL: {failure}")
    return EXIT_FAILED if failures else 0


def report(result: Evaluation) -> str:
    """The evaluation as a plain-text table, then every miss."""
    lines = [f"{result.sentences} sentences", _row("overall", result.overall), "", "by status:"]
    lines += [_row(name, tally) for name, tally in sorted(result.by_status.items())]
    lines += ["", "by item group:"]
    lines += [_row(name, tally) for name, tally in sorted(result.by_group.items())]
    lines += ["", f"misses ({len(result.misses)}):"]
    lines += [
        f"  line {m.line}: {m.kind} {m.mention[0]}={m.mention[1]} ({m.mention[2]}): {m.text}"
        for m in result.misses
    ]
    return "\n".join(lines)


def _row(name: str, tally: Tally) -> str:
    return (
        f"  {name:<14} precision {tally.precision:.3f}  recall {tally.recall:.3f}"
        f"  ({tally.right} right, {tally.predicted} read, {tally.annotated} annotated)"
    )


COMMAND = Command(
    "parse",
    "read a person's own words as proposed answers (JSON), or --evaluate an annotated set",
    _configure,
    _run,
)
