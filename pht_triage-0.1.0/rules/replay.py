"""Running one rule's body on its own, to see what it declares, with no engine and no matching.

A rule body only declares facts (see `rules.base`), so calling it with a `Recorder` in place of the
engine shows exactly what it would add. The rule-base checks and the interview's foresight read
rules this way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from experta import Fact


class Recorder:
    """Stands in for the engine while a rule body runs, and keeps what the body declares."""

    def __init__(self) -> None:
        self.declared: list[Fact] = []

    def declare(self, *facts: Fact) -> None:
        """Keep the facts, in the order the body declares them."""
        self.declared.extend(facts)


def declared_by(body: Callable[..., None], **bindings: Any) -> list[Fact]:
    """The facts a rule body declares when it runs alone with these bindings."""
    recorder = Recorder()
    body(recorder, **bindings)
    return recorder.declared
