"""`triage screen INPUT... -o OUTPUT`: one result per row of a clinic's files, on every core.

Exit status: 0 when every row was assessed, 1 when any row was bad (its error is in its place),
2 when an input cannot be read, 130 when interrupted (every row screened so far is written, then a
last error row saying that the output is incomplete and how many rows it holds).
"""

from __future__ import annotations

import argparse
import io
import json
import signal
import sys
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import IO, cast

from tqdm import tqdm

from triage.cli.common import Command
from triage.errors import EXIT_BAD_INPUT, CommandError, SourceError
from triage.screening.notes import options_with_notes, reading_notes
from triage.screening.results import OutputFormat, header, incomplete_text
from triage.screening.runner import chunks, default_jobs
from triage.screening.sources import (
    READERS,
    Options,
    Reader,
    Source,
    sniff_format,
)
from triage.screening.summary import Summary

EXIT_BAD_ROWS = 1
EXIT_INTERRUPTED = 130
_SNIFF_BYTES = 64


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        metavar="INPUT",
        nargs="+",
        help="a .csv (comma, semicolon or tab), .jsonl/.ndjson, .json (an array or a FHIR Bundle)"
        " file, or - for stdin",
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUTPUT", help="the results file, or - for stdout"
    )
    parser.add_argument(
        "--format",
        choices=[f.value for f in OutputFormat],
        default=None,
        help="csv or jsonl (default: from the output's suffix; csv for -)",
    )
    parser.add_argument(
        "--id-column", default="id", metavar="NAME", help="the column carried as id (default: id)"
    )
    parser.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="NAME",
        help="a column that is not a question, carried to the output (repeatable)",
    )
    parser.add_argument(
        "--text-column",
        default=None,
        metavar="NAME",
        help="a column of free-text notes: a red flag the notes state counts as yes for that row"
        " (listed in red_flags_from_notes); nothing else in the notes changes the answers",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        metavar="N",
        help=f"worker processes (default: every core, here {default_jobs()})",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar of counts (default: when standard error is a terminal)",
    )
    parser.add_argument(
        "--summary-json", type=Path, default=None, metavar="FILE", help="write the summary as JSON"
    )


@dataclass
class _Input:
    name: str
    source: Source
    lines: int | None


class _Interrupt:
    """The first Ctrl-C asks the run to stop after the rows in hand; a second one stops at once."""

    def __init__(self) -> None:
        self.asked = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.asked:
            raise KeyboardInterrupt
        self.asked = True
        print(
            "\ntriage screen: stopping after the rows in hand (Ctrl-C again to stop now)",
            file=sys.stderr,
        )

    def __bool__(self) -> bool:
        return self.asked


class _Bar(tqdm):  # type: ignore[type-arg]
    monitor_interval = 0  # no monitor thread, so that worker processes can be forked safely


def _run(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise CommandError("--jobs must be 1 or more")
    output_format = _output_format(args.output, args.format)
    options = Options(id_column=args.id_column, keep=tuple(args.keep))
    if args.text_column is not None:
        options = options_with_notes(options, args.text_column)
    show_progress = sys.stderr.isatty() if args.progress is None else args.progress
    summary = Summary()
    interrupt = _Interrupt()
    with ExitStack() as stack:
        inputs = [_open(stack, name, options, count_lines=show_progress) for name in args.inputs]
        if args.text_column is not None:
            inputs = [replace(i, source=reading_notes(i.source, args.text_column)) for i in inputs]
        out = _open_output(stack, args.output)
        previous = signal.signal(signal.SIGINT, interrupt)
        stack.callback(signal.signal, signal.SIGINT, previous)
        runner = stack.enter_context(args.core.screener(args.jobs))
        counts = [i.lines for i in inputs if i.lines is not None]
        total = sum(counts) if len(counts) == len(inputs) else None
        bar = stack.enter_context(
            _Bar(
                total=total,
                unit=" rows",
                disable=not show_progress,
                file=sys.stderr,
                dynamic_ncols=True,
            )
        )
        if output_format is OutputFormat.CSV:
            out.write(header(inputs[0].source.kept))
        for item in inputs:
            try:
                work = chunks(item.source.decoder, item.source.rows, output_format)
                for screened in runner.run(work, stop=lambda: bool(interrupt)):
                    out.write(screened.text)
                    summary.add(screened, item.name)
                    bar.update(screened.rows)
            except SourceError as error:
                summary.failure = f"{item.name}: {error.message}"
                break
            if interrupt:
                summary.interrupted = True
                break
        if not summary.complete:
            reason = summary.failure or "interrupted"
            out.write(incomplete_text(output_format, summary.rows, reason, len(options.keep)))
        out.flush()
    summary.finish()
    return _report(summary, args.summary_json)


def _report(summary: Summary, json_path: Path | None) -> int:
    print(summary.text(), file=sys.stderr)
    if json_path is not None:
        json_path.write_text(json.dumps(summary.as_dict(), indent=2) + "\n", encoding="utf-8")
    if summary.failure is not None:
        print(
            f"triage screen: stopped after {summary.rows:,} rows: {summary.failure}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if summary.interrupted:
        print(
            f"triage screen: interrupted; the output holds the first {summary.rows:,} rows, "
            "complete and in order, then a row saying it is incomplete",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    return EXIT_BAD_ROWS if summary.bad else 0


def _output_format(output: str, chosen: str | None) -> OutputFormat:
    if chosen is not None:
        return OutputFormat(chosen)
    return OutputFormat.JSONL if Path(output).suffix in {".jsonl", ".ndjson"} else OutputFormat.CSV


def _open(stack: ExitStack, name: str, options: Options, *, count_lines: bool) -> _Input:
    try:
        if name == "-":
            stdin = cast(io.BufferedReader, sys.stdin.buffer)
            return _Input("stdin", _sniffed(stdin)(stdin, options), None)
        path = Path(name)
        stream = stack.enter_context(path.open("rb"))
        reader = READERS.get(path.suffix.lower()) or _sniffed(stream)
        source = reader(stream, options)
        return _Input(name, source, _data_lines(path) if count_lines else None)
    except OSError as error:
        raise CommandError(f"cannot read {name}: {error.strerror}") from None
    except SourceError as error:
        raise CommandError(f"cannot read {name}: {error.message}") from None


def _sniffed(stream: io.BufferedReader) -> Reader:
    return sniff_format(stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES])


def _data_lines(path: Path) -> int:
    """About how many rows a file holds (its lines, less a header), for the progress bar."""
    with path.open("rb") as stream:
        lines = sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 20), b""))
    return max(0, lines - (1 if path.suffix.lower() == ".csv" else 0))


def _open_output(stack: ExitStack, name: str) -> IO[str]:
    if name == "-":
        return sys.stdout
    try:
        return stack.enter_context(open(name, "w", encoding="utf-8", newline=""))
    except OSError as error:
        raise CommandError(f"cannot write {name}: {error.strerror}") from None


COMMAND = Command(
    "screen",
    "assess every row of a clinic's files (CSV, JSON Lines, JSON array): one result per row",
    _configure,
    _run,
)
