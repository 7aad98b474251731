"""Streaming JSON: the elements of a JSON array, or the entries of a FHIR Bundle, one at a time.

A `.json` input may be larger than memory, so it is read by ijson, a maintained streaming parser
(its C backend, yajl2_c, when the wheel has it; pure Python otherwise), which builds one element at
a time. ijson keeps the last of two repeated keys, as `json.loads` does, so every object it builds
is a `_Marking` that notes a key given twice, and each element comes out with plain dicts, or a
`RepeatedKeys` (`triage.files.strict_json`) where a key was repeated: the caller decides whether a
repeat refuses the row (an intake) or is named by its linkId (a FHIR response). At the Bundle's own
level a repeated key refuses the file: an `entry` given twice would hide one of them.

The bytes are decoded as UTF-8 (a byte-order mark is dropped) before ijson sees them, so that an
undecodable file is named as such. ijson's own messages quote the file's text, which may be health
data, so they are never passed on: a broken document is described by where it breaks off.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

import ijson

from triage.errors import DuplicateKeyError, SourceError, repeated_message
from triage.files.strict_json import RepeatedKeys

CHUNK = 1 << 16
"""Bytes read from the stream at a time."""

BUNDLE = "Bundle"

Event = tuple[str, str, Any]
"""One ijson event: the path prefix, the event's name and its value."""


class _Marking(dict[str, Any]):
    """An object as ijson builds it, noting each key it is given a second time."""

    __slots__ = ("repeated",)

    def __init__(self) -> None:
        super().__init__()
        self.repeated: list[str] = []

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self:
            self.repeated.append(key)
        super().__setitem__(key, value)


def settled(value: Any) -> Any:
    """A built value as `json.loads` gives it: plain dicts (`RepeatedKeys` for an object that
    repeated a key) and floats (ijson gives Decimals, so that integers of any size are read)."""
    if isinstance(value, _Marking):
        pairs = [(key, settled(item)) for key, item in value.items()]
        if not value.repeated:
            return dict(pairs)
        # Each repeated key once more, last: RepeatedKeys lists it, keeping the same value.
        by_key = dict(pairs)
        return RepeatedKeys(pairs + [(key, by_key[key]) for key in dict.fromkeys(value.repeated)])
    if isinstance(value, list):
        return [settled(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def first_repeat(value: Any, path: tuple[str | int, ...] = ()) -> DuplicateKeyError | None:
    """The first key repeated in a settled value (depth first), with the path of its object."""
    if isinstance(value, RepeatedKeys):
        return DuplicateKeyError(value.repeated[0], path)
    children: Iterable[tuple[str | int, Any]] = ()
    if isinstance(value, dict):
        children = value.items()
    elif isinstance(value, list):
        children = enumerate(value)
    for key, item in children:
        found = first_repeat(item, (*path, key))
        if found is not None:
            return found
    return None


class Utf8:
    """A binary stream checked as UTF-8 on the way through, without a byte-order mark."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._ahead = b""
        self._done = False

    def read(self, size: int = -1) -> bytes:
        """Up to a chunk of checked bytes; b"" at the end (and for a size of 0, which ijson asks)."""
        if size == 0:
            return b""
        if self._ahead:
            ahead, self._ahead = self._ahead, b""
            return ahead
        while not self._done:
            chunk = self._stream.read(CHUNK)
            try:
                text = self._decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                raise SourceError(f"the file is not UTF-8 text: {error.reason}") from None
            self._done = not chunk
            if text:
                return text.encode("utf-8")
        return b""

    def first_char(self) -> str:
        """The first character that is not white space ("" for an empty stream), not consumed."""
        while not self._ahead.strip() and not self._done:
            self._ahead = b""  # white space before the value means nothing
            self._ahead = self.read()
        stripped = self._ahead.lstrip()
        return stripped[:1].decode() if stripped else ""


def array_elements(stream: Utf8, what: str = "the JSON array") -> Iterator[Any]:
    """The elements of a JSON array, settled, one at a time; a broken array raises SourceError."""
    if stream.first_char() != "[":
        raise SourceError("a .json input must be a JSON array of intake objects or a FHIR Bundle")
    events = _Array(ijson.parse(stream), what)
    yield from events.elements("item")


def bundle_entries(stream: Utf8) -> Iterator[Any]:
    """The entries of a FHIR Bundle, settled, one at a time; its other elements are skipped."""
    if stream.first_char() != "{":
        raise SourceError("a FHIR Bundle must be a JSON object")
    events = _Bundle(ijson.parse(stream), "the Bundle's entry list")
    yield from events.elements("entry.item")


class _Array:
    """The events of a top-level array, passed on to ijson's builder, counting its elements."""

    def __init__(self, events: Iterable[Event], what: str) -> None:
        self._events = events
        self.what = what
        self.count = 0
        self.closed = False

    def elements(self, prefix: str) -> Iterator[Any]:
        """The settled values at `prefix`, counted; any parse error becomes a SourceError."""
        try:
            for element in ijson.items(self._checked(), prefix, map_type=_Marking):
                self.count += 1
                yield settled(element)
        except ijson.JSONError:
            raise SourceError(self.broken()) from None

    def broken(self) -> str:
        """How the document breaks off, without quoting it."""
        if self.closed:
            return f"{self.what} is followed by more text after element {self.count}"
        return f"{self.what} breaks off after element {self.count}"

    def _checked(self) -> Iterator[Event]:
        for event in self._events:
            if event[0] == "" and event[1] == "end_array":
                self.closed = True
            yield event


class _Bundle(_Array):
    """A Bundle's events: its own keys checked (once each, `resourceType` Bundle), `entry` passed on."""

    def __init__(self, events: Iterable[Event], what: str) -> None:
        super().__init__(events, what)
        self.key: str | None = None
        self.kind: Any = None

    def broken(self) -> str:
        """How the Bundle breaks off: in its entry list, or in which of its keys."""
        if self.key == "entry" and not self.closed:
            return super().broken()
        if self.key is None:
            return "the Bundle is not a valid JSON object"
        return f"the Bundle breaks off in '{self.key}'"

    def _checked(self) -> Iterator[Event]:
        seen: set[str] = set()
        for event in self._events:
            self._check(event, seen)
            yield event
        if self.kind != BUNDLE:
            raise SourceError(_not_a_bundle(self.kind))

    def _check(self, event: Event, seen: set[str]) -> None:
        """Refuse a repeated Bundle key, a resourceType other than Bundle, an entry not a list."""
        prefix, name, value = event
        if prefix == "" and name == "map_key":
            if value in seen:
                raise SourceError(repeated_message(value, " in the Bundle"))
            seen.add(value)
            self.key, self.closed = value, False
        elif prefix == "resourceType" and name in _VALUES:
            self.kind = name.removeprefix("start_") if name.startswith("start_") else value
            if self.kind != BUNDLE:
                raise SourceError(_not_a_bundle(self.kind))
        elif prefix == "entry":
            if name == "end_array":
                self.closed = True
            elif name != "start_array":
                raise SourceError("the Bundle's entry must be a JSON array of entries")


_VALUES = frozenset(
    {"null", "boolean", "integer", "double", "number", "string", "start_map", "start_array"}
)
"""The events that begin a value."""


def _not_a_bundle(kind: Any) -> str:
    got = f"resourceType {kind!r}" if kind is not None else "no resourceType"
    return (
        f"a .json object must be a FHIR Bundle of QuestionnaireResponses; got {got}"
        " (one response alone goes to `triage assess`)"
    )
