"""Streaming JSON: the elements of a JSON array, or the entries of a FHIR Bundle, one at a time.

A `.json` input may be larger than memory, so it is read by ijson, a maintained streaming parser
(its C backend, yajl2_c, when the wheel has it; pure Python otherwise), which builds one element at
a time. ijson keeps the last of two repeated keys, as `json.loads` does, so every object it builds
is a `_Marking`: a dict that, given a key a second time, becomes a `RepeatedKeys`
(`triage.files.strict_json`) naming it. The caller decides whether a repeat refuses the row (an
intake) or is named by its linkId (a FHIR response). Sent to a worker process, an element arrives
as plain dicts and `RepeatedKeys`. At the Bundle's own level a repeated key refuses the file: an
`entry` given twice would hide one of them.

The bytes are decoded as UTF-8 (a byte-order mark is dropped) before ijson sees them, so that an
undecodable file is named as such. ijson's own messages quote the file's text, which may be health
data, so they are never passed on: a broken document is described by where it breaks off.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
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
    """An object as ijson builds it: on the first key given a second time it becomes a
    `_Repeating`, a `RepeatedKeys` (each key costs one Python call; nothing is walked after).
    Sent to a worker process, it arrives as a plain dict."""

    __slots__ = ("repeated",)

    def __setitem__(self, key: str, value: Any) -> None:
        if _has(self, key):
            self.__class__ = _Repeating  # type: ignore[assignment]  # the same layout
            self.repeated = (key,)
        _set(self, key, value)

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))


class _Repeating(RepeatedKeys):
    """An object that gave some key more than once, still being built by ijson."""

    __slots__ = ()

    def __setitem__(self, key: str, value: Any) -> None:
        if _has(self, key) and key not in self.repeated:
            self.repeated = (*self.repeated, key)
        _set(self, key, value)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_repeated_keys, (dict(self), self.repeated))


def _repeated_keys(items: dict[str, Any], repeated: tuple[str, ...]) -> RepeatedKeys:
    """A `RepeatedKeys` again, in the process it was sent to."""
    return RepeatedKeys([*items.items(), *((key, items[key]) for key in repeated)])


_has = dict.__contains__
_set = dict.__setitem__


def first_repeat(value: Any, path: tuple[str | int, ...] = ()) -> DuplicateKeyError | None:
    """The first key repeated in a value (depth first), with the path of its object."""
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
        return stripped[:1].decode("latin-1")  # one byte: a character when it is ASCII


def array_elements(stream: Utf8, what: str = "the JSON array") -> Iterator[Any]:
    """The elements of a JSON array, one at a time; a broken array raises SourceError."""
    if stream.first_char() != "[":
        raise SourceError("a .json input must be a JSON array of intake objects or a FHIR Bundle")
    yield from _Array(what).elements(stream, "item")


def bundle_entries(stream: Utf8) -> Iterator[Any]:
    """The entries of a FHIR Bundle, one at a time; its other elements are skipped."""
    if stream.first_char() != "{":
        raise SourceError("a FHIR Bundle must be a JSON object")
    yield from _Bundle("the Bundle's entry list").elements(stream, "entry.item")


class _Array:
    """A top-level array: ijson builds its elements straight from the bytes (in C when its C
    backend is there), and they are counted, so that a break names the last good one."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.count = 0
        self.closed = False

    def elements(self, stream: Utf8, prefix: str) -> Iterator[Any]:
        """The values at `prefix`, counted; a broken document raises SourceError after them."""
        try:
            for element in ijson.items(self.source(stream), prefix, **_BUILD):
                self.count += 1
                yield element
        except ijson.JSONError as error:
            raise SourceError(self.broken(str(error))) from None

    def source(self, stream: Utf8) -> Any:
        """What ijson reads: the bytes themselves."""
        return stream

    def broken(self, reason: str) -> str:
        """How the document breaks off, without quoting it (ijson's reason quotes the text)."""
        if self.closed or "trailing garbage" in reason:
            return f"{self.what} is followed by more text after element {self.count}"
        if "overflow" in reason:
            return f"{self.what} has a number too large to read after element {self.count}"
        return f"{self.what} breaks off after element {self.count}"


_BUILD = {"map_type": _Marking, "use_float": True}
"""How ijson builds values: objects that note a repeated key, and numbers as `json.loads` gives
them (an integer beyond 64 bits or a float beyond 1e308 stops the file: no intake field takes one)."""


class _Bundle(_Array):
    """A Bundle: its own keys checked (once each, `resourceType` Bundle), its entries built.

    The Bundle's own level is checked on ijson's events on their way to the builder: a Python
    step per event, which a JSON array of intakes does not pay.
    """

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.key: str | None = None
        self.kind: Any = None

    def source(self, stream: Utf8) -> Any:
        """ijson's events, checked on their way to the builder."""
        return self._checked(ijson.parse(stream, use_float=True))

    def broken(self, reason: str) -> str:
        """How the Bundle breaks off: in its entry list, or in which of its keys."""
        if self.key == "entry" and not self.closed:
            return super().broken(reason)
        if self.key is None:
            return "the Bundle is not a valid JSON object"
        return f"the Bundle breaks off in '{self.key}'"

    def _checked(self, events: Iterable[Event]) -> Iterator[Event]:
        seen: set[str] = set()
        for event in events:
            if event[0] in _WATCHED:
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
        elif prefix == "entry" and name != "start_array":
            if name != "end_array":
                raise SourceError("the Bundle's entry must be a JSON array of entries")
            self.closed = True


_WATCHED = frozenset({"", "resourceType", "entry"})
"""The prefixes of the Bundle's own events."""


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
