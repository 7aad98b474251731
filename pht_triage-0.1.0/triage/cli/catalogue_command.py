"""`triage rules` and `triage questions`: the rule catalogue and the questionnaire."""

from __future__ import annotations

import argparse

from rules.catalogue import catalogue
from triage.cli.common import Command, print_json
from triage.devtools.docs import rule_base_markdown
from triage.interview.questionnaire import items


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _rules_options(parser: argparse.ArgumentParser) -> None:
    _json_flag(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text (default), json (same as --json) or markdown (the docs/rule-base.md reference)",
    )


def _rules(args: argparse.Namespace) -> int:
    entries = catalogue()
    if args.format == "markdown":
        print(rule_base_markdown(), end="")
        return 0
    if args.json or args.format == "json":
        print_json([entry.as_data() for entry in entries])
        return 0
    for entry in entries:
        print(f"{entry.id}  [{entry.info.area}]")
        print(f"    {entry.info.description}")
        print(f"    source: {entry.source_text or '(none)'}")
    print(f"\n{len(entries)} rules")
    return 0


def _questions(args: argparse.Namespace) -> int:
    if args.json:
        print_json([item.as_data() for item in items()])
        return 0
    group = None
    for item in items():
        if item.group != group:
            group = item.group
            print(f"\n== {group.replace('_', ' ')}")
        if item.minimum is not None and item.maximum is not None:
            answer = f"number {item.minimum:g}-{item.maximum:g}"
        else:
            answer = "/".join(item.choices or ())
        print(f"{item.id} ({answer})\n    {item.text}")
    return 0


RULES = Command("rules", "list the rule catalogue", _rules_options, _rules)
QUESTIONS_LIST = Command("questions", "list the questions and their texts", _json_flag, _questions)
