"""Running the rule base: two named engines, a stable firing order and a pool of engines.

`TRIAGE_ENGINE` chooses the engine (see `triage.settings.CoreSettings`):

- `compiled` (the default): `CompiledEngine`, experta's Rete network run by
  `triage.engine.matcher.CompiledReteMatcher`, with declaring and resetting done without experta's
  per-call introspection and logging;
- `experta`: `ExpertaEngine`, a plain experta `KnowledgeEngine` with its own matcher, `reset`
  and `declare`; only the firing order is the project's (`StableStrategy`, through
  `__strategy__`).

Both record each firing and stamp each fact a rule declares with the rule's id; on the same facts
they fire the same rules in the same order (`tests/triage/engine/test_engine.py` runs both side by side).

Building an engine compiles its Rete network (tens of milliseconds for this rule base), so engines
are built once and reused after `reset()`. An engine is the working memory of one run: the pool
hands each run an engine of its own and takes it back afterwards, so no engine is ever used by two
assessments at once.

experta's names this package relies on beyond its public hooks (`__matcher__`, `__strategy__`,
`Strategy.update_agenda`, `declare`, `reset`, `run`, `get_activations`, `get_deffacts`,
`Matcher.changes`, `Agenda.get_next`, `FactList.changes`), in one place, each with why:

| name | where | why |
|---|---|---|
| `Strategy._update_agenda` | `triage.engine.strategy.StableStrategy` | the one method a strategy must define (experta's abstract hook) |
| `FactList.reference_counter`, `.last_index`, `.added`, `.duplication` | `triage.engine.compiled.CompiledEngine._add_fact` | `FactList.declare` inlined: the same ids and duplicate check without its calls |
| `Fact._Fact__defaults` | `rules.fact.BaseFact` | experta's `Fact.__init__` sets it; a fact built without that call must have it |
| `ReteMatcher.root_node`, the nodes' `children`, `matcher`, `callback`, and the checks' `what`, `check`, `expected`, `fact_type`, `bind` | `triage.engine.matcher`, `.alpha`, `.beta` | the network experta builds has no public way to walk it |
| `experta.matchers.rete.nodes`, `.check` | `triage.engine.matcher`, `.alpha`, `.beta` | the node and check classes, to know what each node does |
"""

import logging

from triage.engine.compiled import CompiledEngine
from triage.engine.pool import ENGINES, EnginePool, engine_class_for
from triage.engine.recording import ExpertaEngine, Firing, RecordingEngine, Run
from triage.engine.strategy import StableStrategy

WATCHERS = "experta.watchers"
"""experta's loggers, which log every fact and match (a person's answers, their level) at INFO."""

# Answers and results are health data and never reach a log: experta's watchers stay silent,
# whatever level the application sets on its root logger, unless someone turns one on with
# experta's own `watch()` (a rule-by-rule trace is `triage assess --trace`, which reads the
# engine's own record of firings).
logging.getLogger(WATCHERS).setLevel(logging.CRITICAL + 1)

__all__ = [
    "ENGINES",
    "WATCHERS",
    "CompiledEngine",
    "EnginePool",
    "ExpertaEngine",
    "Firing",
    "RecordingEngine",
    "Run",
    "StableStrategy",
    "engine_class_for",
]
