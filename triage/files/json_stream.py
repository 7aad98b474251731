"""Streaming JSON: the elements of a JSON array, one at a time (a FHIR Bundle: `json_bundle`).

A `.json` input may be larger than memory, so it is read by ijson, a maintained streaming parser
(its C backend, yajl2_c, when the wheel has it; pure Python otherwise), which builds one element at
a time. ijson keeps the last of two repeated keys, as `json.loads` does, so every object it builds
is a `_Marking`: a dict that, given a key a second time, becomes a `RepeatedKeys`
(`triage.files.strict_json`) naming it. The caller decides whether a repeat refuses the row (an
intake) or is named by its linkId (a FHIR response). Sent to a worker process, an element arrives
as plain dicts and `RepeatedKeys`.

The bytes are decoded as UTF-8 (a byte-order mark is dropped) before ijson sees them, so that an
undecodable file is named as such. ijson's own messages quote the file's text, which may be health
data, so they are never passed on: a broken document is described by where it breaks off.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from typing import IO, Any

import ijson

from triage.errors import DuplicateKeyError, SourceError
from triage.files.strict_json import RepeatedKeys

CHUNK = 1 << 16
"""Bytes read from the stream at a time."""


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
        return self._text().encode("utf-8")

    def texts(self) -> Iterator[str]:
        """The checked text, chunk by chunk, from where `first_char` looked."""
        if self._ahead:
            ahead, self._ahead = self._ahead, b""
            yield ahead.decode("utf-8")
        while text := self._text():
            yield text

    def _text(self) -> str:
        """The next chunk of text; "" at the end."""
        while not self._done:
            chunk = self._stream.read(CHUNK)
            try:
                text = self._decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                raise SourceError(f"the file is not UTF-8 text: {error.reason}") from None
            self._done = not chunk
            if text:
                return text
        return ""

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
    yield from _Array(what).elements(stream)


class _Array:
    """A top-level array: ijson builds its elements straight from the bytes (in C when its C
    backend is there), and they are counted, so that a break names the last good one."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.count = 0

    def elements(self, stream: Utf8) -> Iterator[Any]:
        """The array's elements, counted; a broken document raises SourceError after them."""
        try:
            for element in ijson.items(stream, "item", **_BUILD):
                self.count += 1
                yield element
        except ijson.JSONError as error:
            raise SourceError(self.broken(str(error))) from None
        except UnicodeDecodeError:
            # ijson's C backend fails so on an escaped lone low surrogate ("\udc00")
            raise SourceError(
                f"{self.what} has a string that is not text after element {self.count}"
            ) from None

    def broken(self, reason: str) -> str:
        """How the document breaks off, without quoting it (ijson's reason quotes the text)."""
        if "trailing garbage" in reason:
            return f"{self.what} is followed by more text after element {self.count}"
        if "overflow" in reason:
            return f"{self.what} has a number too large to read after element {self.count}"
        return f"{self.what} breaks off after element {self.count}"


_BUILD = {"map_type": _Marking, "use_float": True}
"""How ijson builds values: objects that note a repeated key, and numbers as `json.loads` gives
them (an integer beyond 64 bits or a float beyond 1e308 stops the file: no intake field takes one)."""
