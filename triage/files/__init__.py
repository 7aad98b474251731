"""Readers of intake files, one family for every reader of them (screening, case files, validation).

`tabular` and `intake_table` read CSV tables, `json_lines` JSON Lines, `json_stream` a JSON array
or a FHIR Bundle as a stream, `strict_json` one JSON document refusing a repeated key, and
`case_lines` the named cases and validation cases of `triage coverage` and `triage validate`.
"""

from triage.files.strict_json import RepeatedKeys, loads

__all__ = [
    "RepeatedKeys",
    "loads",
]
