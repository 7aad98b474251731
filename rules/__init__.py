"""The rule base, one module per clinical area; `rules.rulebase` combines them into `RuleBase`.

The rules are written in the core's vocabulary (`triage.vocabulary`, `triage.scale`) and the core runs
the rules, so the core is imported first: whichever of the two packages a program imports first, the
core then loads completely before any rule module runs.
"""

import triage  # noqa: F401  (see the docstring: load the core before any rule module)
