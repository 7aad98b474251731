"""experta as pip installs it (with frozendict 1.2) imports and fires rules, through the `rules` gate."""

from __future__ import annotations

import collections
import collections.abc
import subprocess
import sys
from importlib.metadata import requires, version

import pytest
from experta import Fact, KnowledgeEngine, Rule

import rules


class Ping(Fact):  # type: ignore[misc]
    """A fact to match."""


class Echo(KnowledgeEngine):  # type: ignore[misc]
    """One rule that records that it fired."""

    def __init__(self) -> None:
        super().__init__()
        self.heard: list[str] = []

    @Rule(Ping(word="hello"))  # type: ignore[untyped-decorator]
    def answer(self) -> None:
        self.heard.append("hello")


def test_experta_imports_and_fires_a_rule() -> None:
    engine = Echo()
    engine.reset()
    engine.declare(Ping(word="hello"))
    engine.run()
    assert engine.heard == ["hello"]


def test_the_installed_frozendict_is_the_one_experta_requires() -> None:
    # experta's metadata writes its pins as "frozendict (==1.2)".
    pins = ["".join(c for c in r if c not in " ()") for r in requires("experta") or []]
    frozendict_pins = [p.removeprefix("frozendict==") for p in pins if p.startswith("frozendict==")]
    assert frozendict_pins, "experta no longer pins frozendict: the rules/__init__.py gate may go"
    assert version("frozendict") == frozendict_pins[0] == "1.2"


def test_importing_the_project_leaves_collections_without_the_removed_alias() -> None:
    code = "import collections, triage; print(hasattr(collections, 'Mapping'))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_gate_never_replaces_an_existing_mapping_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    someone_elses = object()
    monkeypatch.setattr(collections, "Mapping", someone_elses, raising=False)
    monkeypatch.delitem(sys.modules, "frozendict")
    rules.import_frozendict()
    assert collections.Mapping is someone_elses  # type: ignore[attr-defined]


def test_the_gate_lends_the_alias_only_while_frozendict_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, "frozendict")
    rules.import_frozendict()
    assert issubclass(sys.modules["frozendict"].frozendict, collections.abc.Mapping)
    assert not hasattr(collections, "Mapping")


def test_the_gate_does_nothing_once_frozendict_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = sys.modules["frozendict"]
    rules.import_frozendict()
    assert sys.modules["frozendict"] is loaded
    assert not hasattr(collections, "Mapping")
