"""`triage assess FILE`: assess one intake and print the result as JSON or as text.

FILE is a JSON intake or a FHIR QuestionnaireResponse to the intake Questionnaire, told apart by
its `resourceType`.
"""

from __future__ import annotations

import argparse

from triage.assessment.report import text_report
from triage.assessment.trace import trace, trace_text
from triage.cli.common import Command, print_json, read_json_argument
from triage.errors import CommandError, IntakeError
from triage.fhir.response import is_response, read_response


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        help="an intake as JSON or a FHIR QuestionnaireResponse, or - for standard input",
    )
    parser.add_argument(
        "--format",
        choices=("json", "text"),
        default="json",
        help="JSON (the contract's assessment, the default) or a readable summary",
    )
    parser.add_argument(
        "--trace",
        action="store_true",
        help="also show each rule firing in order with the facts it matched",
    )


def _run(args: argparse.Namespace) -> int:
    data = read_json_argument(args.file)
    what = "QuestionnaireResponse" if is_response(data) else "intake"
    try:
        evaluation = args.core.evaluate(read_response(data) if is_response(data) else data)
    except IntakeError as error:
        lines = "\n".join(f"  {problem.path}: {problem.message}" for problem in error.problems)
        if error.more:
            lines += f"\n  and {error.more} more"
        raise CommandError(f"the {what} is not valid:\n{lines}") from None
    steps = trace(evaluation.firings) if args.trace else []
    if args.format == "text":
        print(text_report(evaluation.assessment, args.core.texts))
        if args.trace:
            print(f"\nTrace ({len(steps)} firings):\n{trace_text(steps)}")
    else:
        result = evaluation.assessment.model_dump(mode="json")
        if args.trace:
            result["trace"] = [step.as_dict() for step in steps]
        print_json(result)
    return 0


COMMAND = Command(
    "assess",
    "assess one intake (a JSON file or a FHIR QuestionnaireResponse, or - for stdin)",
    _configure,
    _run,
)
