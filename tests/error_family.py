"""The whole `TriageError` family as the tests see it: every subclass, wherever it is defined."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from triage.errors import TriageError


def error_classes(*packages: ModuleType) -> list[type[TriageError]]:
    """Every subclass of `TriageError` once every module of the packages is imported."""
    for package in packages:
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not module.name.endswith(".__main__"):  # `python -m` entry points run on import
                importlib.import_module(module.name)
    found: list[type[TriageError]] = []
    pending = list(TriageError.__subclasses__())
    while pending:
        cls = pending.pop(0)
        found.append(cls)
        pending += cls.__subclasses__()
    return found
