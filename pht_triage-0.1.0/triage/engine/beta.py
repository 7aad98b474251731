"""The beta network, compiled: tests on bindings, joins, negations and conflict sets as closures.

Each keeps experta's semantics exactly: the same tests in the same order, the same bindings, the
same memories (token info as a frozen data set and frozen context items), the same activations.
"""

from __future__ import annotations

from contextlib import suppress
from itertools import repeat
from typing import Any

from triage.engine.alpha import Beta, Context, Data

Info = tuple[Data, frozenset[Any]]
"""A token in a memory: the facts matched and the bindings, frozen."""


class Terminal:
    """A conflict-set node's memory and its pending changes to the agenda."""

    __slots__ = ("added", "dirty", "memory", "removed", "rule", "touched")

    def __init__(self, rule: Any) -> None:
        self.rule = rule
        self.memory: set[Info] = set()
        self.added: dict[Info, Context] = {}
        self.removed: dict[Info, Context] = {}
        self.dirty = False
        self.touched = False


class Joint:
    """The two memories of a join or negation node."""

    __slots__ = ("left", "right")

    def __init__(self, left: Any, right: list[Info]) -> None:
        self.left = left
        self.right = right


class Pending:
    """The conflict sets changed since the agenda last collected them, and since the last reset."""

    __slots__ = ("dirty", "touched")

    def __init__(self) -> None:
        self.dirty: list[Terminal] = []
        self.touched: list[Terminal] = []


def where(check: Any, children: tuple[Beta, ...]) -> Beta:
    """A test node: passes a token on when its bindings pass `check`."""

    def activate(valid: bool, data: Data, context: Context) -> None:
        if check(context):
            for child in children:
                child(valid, data, context)

    return activate


def join(check: Any, children: tuple[Beta, ...], joint: Joint) -> tuple[Beta, Beta]:
    """A join node's two entries (left, right): tokens of both sides whose bindings agree."""

    def activation(
        valid: bool,
        data: Data,
        context: Context,
        branch: list[Info],
        matching: list[Info],
        is_left: bool,
    ) -> None:
        info = (data, frozenset(context.items()))
        if valid:
            branch.append(info)
        else:
            with suppress(ValueError):
                branch.remove(info)
        for other_data, other_items in matching:
            other_context = dict(other_items)
            left_context, right_context = (
                (context, other_context) if is_left else (other_context, context)
            )
            match = check(left_context, right_context)
            if match:
                combined = {k: v for k, v in context.items() if isinstance(k, str)}
                for k, v in other_context.items():
                    if not isinstance(k, tuple):
                        combined[k] = v
                for child in children:
                    child(valid, data | other_data, combined)

    def left(valid: bool, data: Data, context: Context) -> None:
        activation(valid, data, context, joint.left, joint.right, True)

    def right(valid: bool, data: Data, context: Context) -> None:
        activation(valid, data, context, joint.right, joint.left, False)

    return left, right


def negation(check: Any, children: tuple[Beta, ...], joint: Joint) -> tuple[Beta, Beta]:
    """A negation node's two entries (left, right): left tokens no right token matches."""

    def left(valid: bool, data: Data, context: Context) -> None:
        memory: dict[Info, int] = joint.left
        info = (data, frozenset(context.items()))
        if not joint.right:
            if valid:
                memory[info] = 0
            else:
                del memory[info]
            for child in children:
                child(valid, data, context)
        elif valid:
            count = 0
            for _, right_items in joint.right:
                if check(context, dict(right_items)):
                    count += 1
            if count == 0:
                for child in children:
                    child(valid, data, context)
            memory[info] = count
        else:
            count = 0
            for _, right_items in joint.right:
                if check(context, dict(right_items)):
                    count += 1
                    break
            if count == 0:
                for child in children:
                    child(valid, data, context)
            del memory[info]

    def right(valid: bool, data: Data, context: Context) -> None:
        memory: dict[Info, int] = joint.left
        info = (data, frozenset(context.items()))
        if valid:
            joint.right.append(info)
            step = 1
        else:
            step = -1
            joint.right.remove(info)
        for held in memory:
            held_data, held_items = held
            if check(dict(held_items), context):
                memory[held] += step
                count = memory[held]
                if (count == 0 and step == -1) or (count == 1 and step == 1):
                    # The held token becomes valid again, or stops being valid.
                    for child in children:
                        child(step == -1, held_data, dict(held_items))

    return left, right


def conflict_set(terminal: Terminal, pending: Pending) -> Beta:
    """A conflict-set node: a rule's activations, gained and lost, noted in `pending`."""

    def activate(valid: bool, data: Data, context: Context) -> None:
        info = (data, frozenset(context.items()))
        if all(map(isinstance, context, repeat(str))):  # no negated binding to leave out
            bound, key = dict(context), info
        else:
            bound = {k: v for k, v in context.items() if isinstance(k, str)}
            key = (data, frozenset(bound.items()))
        if valid:
            if info in terminal.memory:
                return
            terminal.memory.add(info)
            if key in terminal.removed:
                del terminal.removed[key]
            else:
                terminal.added[key] = bound
        else:
            terminal.memory.remove(info)
            if key in terminal.added:
                del terminal.added[key]
            else:
                terminal.removed[key] = bound
        if not terminal.dirty:
            terminal.dirty = True
            pending.dirty.append(terminal)
        if not terminal.touched:
            terminal.touched = True
            pending.touched.append(terminal)

    return activate
