"""experta, whose last release pins a frozendict that fails on Python 3.10+, imports and fires rules."""

from __future__ import annotations

from importlib.metadata import version

from experta import Fact, KnowledgeEngine, Rule


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


def test_frozendict_is_a_release_that_works_on_this_python() -> None:
    major = int(version("frozendict").split(".")[0])
    assert major >= 2
