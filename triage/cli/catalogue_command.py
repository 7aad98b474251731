"""`triage rules` and `triage questions`: the rule catalogue and the questionnaire."""

from __future__ import annotations

import argparse

from triage.catalogue import catalogue
from triage.cli.common import Command, print_json
from triage.docs import rule_base_markdown
from triage.texts import question_texts
from triage.vocabulary import QUESTIONS


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
        print_json(
            [
                {
                    "id": entry.id,
                    "area": entry.info.area,
                    "description": entry.info.description,
                    "source": str(entry.info.source),
                    "questions": [q.value for q in entry.questions],
                }
                for entry in entries
            ]
        )
        return 0
    for entry in entries:
        print(f"{entry.id}  [{entry.info.area}]")
        print(f"    {entry.info.description}")
        print(f"    source: {entry.info.source}")
    print(f"\n{len(entries)} rules")
    return 0


def _questions(args: argparse.Namespace) -> int:
    texts = question_texts()
    if args.json:
        print_json(
            [
                {
                    "id": q.id.value,
                    "group": q.group.value,
                    "kind": q.kind.value,
                    "minimum": q.minimum,
                    "maximum": q.maximum,
                    "text": texts[q.id].text,
                    "why": texts[q.id].why,
                }
                for q in QUESTIONS.values()
            ]
        )
        return 0
    group = None
    for question in QUESTIONS.values():
        if question.group != group:
            group = question.group
            print(f"\n== {group.value.replace('_', ' ')}")
        answer = (
            f"number {question.minimum:g}-{question.maximum:g}"
            if question.minimum is not None and question.maximum is not None
            else "yes/no"
        )
        print(f"{question.id.value} ({answer})\n    {texts[question.id].text}")
    return 0


RULES = Command("rules", "list the rule catalogue", _rules_options, _rules)
QUESTIONS_LIST = Command("questions", "list the questions and their texts", _json_flag, _questions)
