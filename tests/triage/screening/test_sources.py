"""`triage.screening.sources`: every input format reads the same intakes the same way.

The generators of valid intakes only (`random` makes invalid ones on purpose, which a FHIR
response cannot even carry).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.intakes import GENERATORS, distinct, table_rows
from triage.fhir.response import response_from_intake
from triage.models import parse_intake
from triage.screening.sources import READERS, Options, Source, sniff_format


def _csv(intakes: list[dict[str, Any]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(table_rows(intakes))
    return text.getvalue().encode()


def _bundle(intakes: list[dict[str, Any]]) -> bytes:
    entries = [
        {"resource": {**response_from_intake(i), "id": f"P{n}"}} for n, i in enumerate(intakes, 1)
    ]
    return json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}).encode()


def _seen(data: Any) -> tuple[Any, ...]:
    """What an assessment reads of an intake: age, sex and the known answers."""
    intake = parse_intake(data)
    return intake.age, intake.sex, intake.known()


def _read(source: Source) -> list[tuple[str | None, tuple[Any, ...]]]:
    """Each row's id and intake, as a worker would decode and validate it."""
    read = []
    for row in source.rows:
        decoded = source.decoder.decode(row)
        assert decoded.problems == ()
        read.append((decoded.id, _seen(decoded.data)))
    return read


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(["full", "interview", "sparse"]),
    st.integers(1, 8),
    st.integers(0, 2**32),
    st.booleans(),
)
def test_the_same_intakes_read_alike_as_csv_json_lines_a_json_array_and_a_fhir_bundle(
    generator: str, count: int, seed: int, sniffed: bool
) -> None:
    intakes = distinct(GENERATORS[generator], count, seed)
    # A CSV cell cannot tell an unknown sex from an absent one: both are an empty cell.
    intakes = [{k: v for k, v in i.items() if v != "unknown"} for i in intakes]
    rows = [{"id": f"P{n}", **intake} for n, intake in enumerate(intakes, 1)]
    files = {
        ".csv": _csv(intakes),
        ".jsonl": "\n".join(json.dumps(row) for row in rows).encode(),
        ".json": json.dumps(rows, indent=1).encode(),
        ".bundle": _bundle(intakes),
    }
    expected = [(row["id"], _seen(intake)) for row, intake in zip(rows, intakes, strict=True)]
    for suffix, data in files.items():
        reader = sniff_format(data[:64]) if sniffed else READERS.get(suffix, READERS[".json"])
        assert _read(reader(io.BytesIO(data), Options())) == expected, suffix
