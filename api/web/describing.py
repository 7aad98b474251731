"""The intake's optional first step: the problem in a person's own words, read back as answers.

The start page offers "Describe the problem in your own words". The text is read by
`triage.freetext.parse` (contract §7) and its proposed answers are shown as a list, each with a
box ticked to keep it; unticking one drops it, so the interview asks it instead. Continue starts
the questions with the kept answers in the form, so only what is left is asked. The reader never
proposes "no" to a warning sign: a warning sign the text denies is listed as one that will still
be asked. The text is never logged and never kept: it travels only in the forms (POST), so that
"Change what you wrote" can show it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.responses import Response

from api.web.answers import items_by_field
from api.web.checking import line
from api.web.pages import render
from triage import FieldProblem, IntakeError, message
from triage.freetext import MAX_TEXT_CHARS, NEVER_NO, Reading, Status, parse
from triage.interview import Item, item_by_id

TEXT = "text"
"""The form field of the text (a control: never an answer)."""

KEEP = "keep"
"""The form field of each proposed answer ticked to keep, as `field=value`."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """One answer the text gives: its field, its form value, and the answer in words."""

    field: str
    value: str
    words: str

    @property
    def kept(self) -> str:
        """The value of its box: `field=value`."""
        return f"{self.field}={self.value}"


def describe_page(audience: str, text: str = "", error: str | None = None) -> Response:
    """The page with the text box (again with the text and its error, when it cannot be read)."""
    return render(
        "describe.html",
        status_code=422 if error else 200,
        title=message("page_describe"),
        audience=audience,
        text=text,
        limit=MAX_TEXT_CHARS,
        error=error,
        listed=[(TEXT, error)] if error else [],
    )


def read_page(audience: str, text: str) -> Response:
    """The reading of a text as a list to confirm, or the text page again with what is wrong."""
    if not text.strip():
        return describe_page(audience, text, message("error_describe_empty"))
    if len(text) > MAX_TEXT_CHARS:
        error = message("error_describe_long", length=f"{len(text):,}", limit=f"{MAX_TEXT_CHARS:,}")
        return describe_page(audience, text, error)
    reading = parse(text)
    return render(
        "understood.html",
        title=message("page_understood"),
        audience=audience,
        text=text,
        proposals=proposals(reading),
        denied=denied_signs(reading),
    )


def proposals(reading: Reading) -> list[Proposal]:
    """The answers the reading proposes, age and sex first, each in words.

    A number outside the range the question takes is not proposed (the question asks it).
    """
    person = {"age": reading.age, "sex": reading.sex}
    given = {**{k: v for k, v in person.items() if v is not None}, **reading.answers}
    found = [(item_by_id()[qid], value) for qid, value in given.items()]
    return [
        Proposal(item.field, str(value), line(item, str(value)))
        for item, value in found
        if _in_range(item, value)
    ]


def denied_signs(reading: Reading) -> list[str]:
    """The warning signs the text denies, in words: they are not proposed and will be asked."""
    labels: list[str] = []
    for mention in reading.mentions:
        if mention.status is not Status.NEGATED or mention.id in reading.answers:
            continue
        if mention.id not in NEVER_NO:
            continue
        label = item_by_id()[mention.id].label
        if label not in labels:
            labels.append(label)
    return labels


def kept(values: list[str]) -> dict[str, str]:
    """The answers ticked to keep; raises IntakeError on one the page did not make."""
    answers: dict[str, str] = {}
    problems = []
    for value in values:
        field, equals, answer = value.partition("=")
        if not equals or field not in items_by_field():
            problems.append(FieldProblem((KEEP,), "not a proposed answer", "unknown"))
        elif field in answers:
            twice = "given twice; neither value is kept, since either could hide a red flag"
            problems.append(FieldProblem((KEEP, field), twice, "duplicate_key"))
        else:
            answers[field] = answer
    if problems:
        raise IntakeError(problems)
    return answers


def _in_range(item: Item, value: str | float | int) -> bool:
    if isinstance(value, str):
        return item.choices is None or value in item.choices
    low = item.minimum if item.minimum is not None else value
    high = item.maximum if item.maximum is not None else value
    return low <= value <= high
