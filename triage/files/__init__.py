"""Readers of intake files, one family for every reader of them (screening, case files, validation).

`tabular` and `intake_table` read CSV tables, `json_lines` JSON Lines, `json_stream` a JSON array
as a stream (ijson), `json_bundle` a FHIR Bundle as a stream of entry texts, `strict_json` one JSON
document refusing a repeated key, and `case_lines` the named cases and validation cases of
`triage coverage` and `triage validate`.
"""

from triage.files.strict_json import RepeatedKeys, loads

__all__ = [
    "RepeatedKeys",
    "loads",
]
