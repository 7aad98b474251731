"""`triage screen`: a clinic's files of intake forms (or FHIR QuestionnaireResponses) in, one
result per form out, on every core.

`sources` reads the rows of each input format, `results` turns one row into its output line,
`runner` spreads rows over worker processes and keeps their order, and `summary` counts what came
out. A new input format is one reader function registered in `sources.READERS`.
"""

from triage.screening.notes import options_with_notes, reading_notes
from triage.screening.results import (
    COLUMNS,
    LIST_SEPARATOR,
    OutputFormat,
    Screened,
    header,
    incomplete_text,
    screen,
)
from triage.screening.runner import Runner, chunks
from triage.screening.sources import Options, Reader, Source, read_csv, read_json_lines

__all__ = [
    "COLUMNS",
    "LIST_SEPARATOR",
    "Options",
    "OutputFormat",
    "Reader",
    "Runner",
    "Screened",
    "Source",
    "chunks",
    "header",
    "incomplete_text",
    "options_with_notes",
    "read_csv",
    "read_json_lines",
    "reading_notes",
    "screen",
]
