"""`triage screen`: a clinic's files of intake forms (or FHIR QuestionnaireResponses) in, one
result per form out, on every core.

`sources` reads the rows of each input format, `results` turns one row into its output line,
`runner` spreads rows over worker processes and keeps their order, and `summary` counts what came
out. A new input format is one reader function registered in `sources.READERS`.
"""
