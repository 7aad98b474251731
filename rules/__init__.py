"""The rule base and the language it is written in; it imports nothing of `triage`.

The language: the vocabulary (`rules.vocabulary`), the scales (`rules.scale`), the fact types and
sources (`rules.base`, `rules.fact`), reading rules (`rules.patterns`, `rules.catalogue`,
`rules.replay`). The rules: one module per clinical area, combined by `rules.rulebase`.

This module is also the one gate through which experta is first imported. experta 1.9.4, its last
release, requires `frozendict==1.2`, and pip installs exactly that. frozendict 1.2 defines its class
as `class frozendict(collections.Mapping)`, an alias of `collections.abc.Mapping` that Python 3.10
removed, so `import experta` fails on every Python this project supports. `import_frozendict` lends
frozendict that alias for the one class statement and takes it away again: the alias is added only
when `collections` has none (it never replaces one), only while frozendict is first imported, and
frozendict's class is then the same `collections.abc.Mapping` subclass it was on Python 3.9. Nothing
else in frozendict or experta reads `collections.Mapping`. `triage` imports this package before
anything else, so every experta import in the project comes after this gate.
"""

import collections
import collections.abc
import importlib
import sys


def import_frozendict() -> None:
    """Import frozendict 1.2 on Python 3.10+, lending it `collections.Mapping` only while it loads."""
    if "frozendict" in sys.modules or hasattr(collections, "Mapping"):
        return  # already loaded, or the alias exists (and is left as it is)
    setattr(collections, "Mapping", collections.abc.Mapping)  # noqa: B010  (typeshed has no such name)
    try:
        importlib.import_module("frozendict")
    finally:
        delattr(collections, "Mapping")


import_frozendict()
