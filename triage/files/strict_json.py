"""JSON that refuses a key given twice in one object, at any depth (contract §1).

`json.loads` keeps the last of two repeated keys, so `{"saddle_numbness": "yes", "saddle_numbness":
"no"}` would silently drop a red flag. `loads` parses with the standard library's C scanner and a
pairs hook that only compares the number of keys with the number of pairs, so valid documents cost
little more than `json.loads`. Only when a key is repeated does a second, slower pass walk the text
to say where: the path of the object and the line and column of the second occurrence.

With `on_repeat="mark"` nothing is raised: an object with a repeated key comes back as a
`RepeatedKeys` mapping, so that a caller reading many records at once (a batch of intakes) can refuse
only the records that hold one; validating an `Intake` turns the mark into a field problem.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]
from json.scanner import make_scanner
from typing import Any, Literal

from triage.errors import DuplicateKeyError, repeated_message

__all__ = ["Path", "RepeatedKeys", "loads", "repeated_message"]

Path = tuple[str | int, ...]
"""Where a value sits in a document: object keys and array indexes from the root."""


_WHITESPACE = re.compile(r"[ \t\n\r]*")


class RepeatedKeys(dict[str, Any]):
    """A JSON object that gave some key more than once; `repeated` lists those keys in order."""

    __slots__ = ("repeated",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        seen: set[str] = set()
        repeated: dict[str, None] = {}
        for key, _ in pairs:
            if key in seen:
                repeated[key] = None
            seen.add(key)
        self.repeated = tuple(repeated)


class _RepeatedKeyError(Exception):
    """Raised by the pairs hook to leave the fast pass; `loads` turns it into DuplicateKeyError."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def loads(text: str | bytes, *, on_repeat: Literal["raise", "mark"] = "raise") -> Any:
    """Parse JSON like `json.loads`, refusing a repeated key with `DuplicateKeyError`.

    Malformed JSON raises `json.JSONDecodeError`, also when nested too deeply to parse. With `on_repeat="mark"`, an object with
    a repeated key is returned as `RepeatedKeys` instead of raising.
    """
    try:
        return json.loads(text, object_pairs_hook=_mark if on_repeat == "mark" else _unique)
    except _RepeatedKeyError as repeated:
        raise _locate(_as_text(text), repeated.key) from None
    except RecursionError:
        raise json.JSONDecodeError("the document is nested too deeply", _as_text(text), 0) from None


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _RepeatedKeyError(RepeatedKeys(pairs).repeated[0])
    return result


def _mark(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    return result if len(result) == len(pairs) else RepeatedKeys(pairs)


def _as_text(text: str | bytes) -> str:
    if isinstance(text, str):
        return text
    return text.decode(json.detect_encoding(text), "surrogatepass").removeprefix("\ufeff")


def _locate(text: str, key: str) -> DuplicateKeyError:
    """The first repeated key in document order, with its path, line and column.

    Only called once the fast pass has found a repeated key; the text up to it is valid JSON.
    """
    try:
        _Locator(text).value(0, ())
    except DuplicateKeyError as found:
        return found
    except RecursionError:
        pass  # nested deeper than the walk can follow: the key is still named, without its place
    return DuplicateKeyError(key)


class _Locator:
    """A slow walk over valid JSON text that raises DuplicateKeyError at the first repeated key."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.scalar = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]

    def skip(self, position: int) -> int:
        match = _WHITESPACE.match(self.text, position)
        assert match is not None  # the pattern matches the empty string
        return match.end()

    def value(self, position: int, path: Path) -> int:
        position = self.skip(position)
        first = self.text[position]
        if first == "{":
            return self.object(position + 1, path)
        if first == "[":
            return self.array(position + 1, path)
        _, end = self.scalar(self.text, position)
        end_position: int = end
        return end_position

    def object(self, position: int, path: Path) -> int:
        seen: set[str] = set()
        position = self.skip(position)
        if self.text[position] == "}":
            return position + 1
        while True:
            start = position
            key, position = scanstring(self.text, position + 1)
            if key in seen:
                line = self.text.count("\n", 0, start) + 1
                column = start - self.text.rfind("\n", 0, start)
                raise DuplicateKeyError(key, path, line, column)
            seen.add(key)
            position = self.skip(position) + 1  # past the ':'
            position = self.skip(self.value(position, (*path, key)))
            if self.text[position] == "}":
                return position + 1
            position = self.skip(position + 1)  # past the ','

    def array(self, position: int, path: Path) -> int:
        position = self.skip(position)
        if self.text[position] == "]":
            return position + 1
        index = 0
        while True:
            position = self.skip(self.value(position, (*path, index)))
            if self.text[position] == "]":
                return position + 1
            position += 1  # past the ','
            index += 1
