"""A FHIR Bundle read as a stream: its own level checked here, each entry handed on as JSON text.

The reading process only finds where each entry ends, with the standard library's C scanner
(`json.JSONDecoder.raw_decode`, which checks the entry's syntax on the way); a worker parses the
text with `entry_value`, marking a repeated key (`strict_json`) so that it is named by its linkId.
Building each entry with ijson here and copying it object by object to a worker made `triage
screen --jobs 2` 2.8 times slower (1,500 entries of some 19 kB, 2026-12-07): per entry, ijson's C
backend builds in about 480 µs, the C scanner takes about 130 µs and `strict_json` 200 µs.

Numbers are read as ijson reads a JSON array's: an integer beyond 64 bits, a float beyond 1e308,
NaN or Infinity stops the file. At the Bundle's own level a repeated key refuses the file (an
`entry` given twice would hide one), `resourceType` must be Bundle and `entry` an array. No message
quotes the file, which may be health data: a broken document is named by where it breaks off.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from triage.errors import SourceError, repeated_message
from triage.files import strict_json
from triage.files.json_stream import Utf8

BUNDLE = "Bundle"
ENTRIES = "the Bundle's entry list"

_LIMIT = 1 << 63
"""ijson's C backend reads integers of 64 bits; a wider one stops a JSON array, and so a Bundle."""

_NEAR_END = 16
"""A syntax error this close to the end of the text read so far may be a value cut by a read."""


class _BrokenError(Exception):
    """The text cannot be read as JSON at this point; `reason` says how, for a message."""

    def __init__(self, reason: str = "breaks off") -> None:
        super().__init__(reason)
        self.reason = reason


_TOO_LARGE = "has a number too large to read"


def _integer(text: str) -> int:
    number = int(text)
    if not -_LIMIT < number < _LIMIT:
        raise _BrokenError(_TOO_LARGE)
    return number


def _float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise _BrokenError(_TOO_LARGE)
    return number


def _constant(text: str) -> Any:
    raise _BrokenError  # NaN or Infinity: the standard library reads them, JSON has no such value


_SCAN = json.JSONDecoder(parse_int=_integer, parse_float=_float, parse_constant=_constant)

_SPACE = re.compile(r"[ \t\r\n]*")
_NUMBER_GOES_ON = re.compile(r"[0-9.eE+-]*")
"""What may follow a number's first part at the end of the text read so far ("1" of "1.5")."""
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
"""An escaped UTF-16 surrogate, which a string may hold alone."""


class _Text:
    """The decoded text, read chunk by chunk, with a position in the part not yet consumed."""

    def __init__(self, stream: Utf8) -> None:
        self._chunks = stream.texts()
        self.text = ""
        self.at = 0

    def _more(self, wanted: int = 1) -> bool:
        """Read at least `wanted` more characters (fewer at the end); False when none are left."""
        parts = [self.text[self.at :]]
        added = 0
        for chunk in self._chunks:
            parts.append(chunk)
            added += len(chunk)
            if added >= wanted:
                break
        self.text, self.at = "".join(parts), 0
        return added > 0

    def char(self) -> str:
        """The next character that is not white space ("" at the end), not consumed."""
        while True:
            self.at = _SPACE.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text):
                return self.text[self.at]
            if not self._more():
                return ""

    def value(self) -> tuple[Any, str]:
        """The next JSON value and its text, consumed; raises `_BrokenError` where it cannot be read.

        A value cut off by the end of what was read is read again with as much text again added,
        so a large value costs a few passes, never one per chunk.
        """
        self.char()
        while True:
            try:
                value, end = _SCAN.raw_decode(self.text, self.at)
            except json.JSONDecodeError as error:
                cut = (
                    error.msg.startswith("Unterminated") or error.pos >= len(self.text) - _NEAR_END
                )
                if cut and self._more(max(len(self.text) - self.at, 1)):
                    continue
                raise _BrokenError from None
            except RecursionError:
                raise _BrokenError("is nested too deeply to read") from None
            if _NUMBER_GOES_ON.fullmatch(self.text, end) and _is_number(value) and self._more():
                continue  # a number at the end of what was read may go on in the next chunk
            found = self.text[self.at : end]
            self.at = end
            return value, found

    def take(self, char: str) -> bool:
        """Consume `char` if it comes next."""
        if self.char() != char:
            return False
        self.at += 1
        return True


def bundle_entries(stream: Utf8) -> Iterator[str]:
    """The JSON text of each entry of a FHIR Bundle, in order; its other elements are skipped."""
    text = _Text(stream)
    if not text.take("{"):
        raise SourceError("a FHIR Bundle must be a JSON object")
    seen: set[str] = set()
    kind: Any = None
    key: str | None = None
    closed = text.take("}")
    while not closed:
        key = _key(text, key, seen)
        if key == "entry":
            yield from _entries(text)
        elif key == "resourceType":
            kind = _resource_type(text)
        else:
            _member(text, key)
        closed = text.take("}")
        if not closed and not text.take(","):
            raise SourceError(_broken_after(key))
    if text.char():
        raise SourceError(_broken_after(key))
    if kind != BUNDLE:
        raise SourceError(_not_a_bundle(kind))


def _key(text: _Text, last: str | None, seen: set[str]) -> str:
    """The next key of the Bundle, which must be new, and the colon after it."""
    key: Any = None
    if text.char() == '"':
        try:
            key, _ = text.value()
        except _BrokenError:
            key = None
    if not isinstance(key, str) or not text.take(":"):
        raise SourceError(_broken_after(last))
    if key in seen:
        raise SourceError(repeated_message(key, " in the Bundle"))
    seen.add(key)
    return key


def _member(text: _Text, key: str) -> Any:
    try:
        return text.value()[0]
    except _BrokenError:
        raise SourceError(_broken_after(key)) from None


def _resource_type(text: _Text) -> str:
    """The Bundle's resourceType, which must be Bundle (an object or array is refused at once)."""
    opening = text.char()
    kind = {"{": "map", "[": "array"}.get(opening) or _member(text, "resourceType")
    if kind != BUNDLE:
        raise SourceError(_not_a_bundle(kind))
    return BUNDLE


def _entries(text: _Text) -> Iterator[str]:
    """The text of each element of the entry list, counted, so that a break names the last good one."""
    count = 0
    if not text.take("["):
        if text.char() != "{":
            try:
                text.value()
            except _BrokenError as broken:
                raise SourceError(f"{ENTRIES} {broken.reason} after element {count}") from None
        raise SourceError("the Bundle's entry must be a JSON array of entries")
    if text.take("]"):
        return
    while True:
        try:
            _, found = text.value()
        except _BrokenError as broken:
            raise SourceError(f"{ENTRIES} {broken.reason} after element {count}") from None
        count += 1
        yield found
        if text.take("]"):
            return
        if not text.take(","):
            raise SourceError(f"{ENTRIES} breaks off after element {count}")


def entry_value(text: str) -> Any:
    """An entry's value from its text, a repeated key marked (`RepeatedKeys`), as ijson gives it.

    A lone UTF-16 surrogate written as an escape becomes "?", as ijson reads it (it cannot be
    written out as UTF-8).
    """
    value = strict_json.loads(text, on_repeat="mark")
    return _mended(value) if _SURROGATE.search(text) else value


def _mended(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_mended(item) for item in value]
    if isinstance(value, dict):
        mended = {_mended(key): _mended(item) for key, item in value.items()}
        if isinstance(value, strict_json.RepeatedKeys):
            kept = strict_json.RepeatedKeys(list(mended.items()))
            kept.repeated = tuple(_mended(key) for key in value.repeated)
            return kept
        return mended
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _broken_after(key: str | None) -> str:
    if key is None:
        return "the Bundle is not a valid JSON object"
    return f"the Bundle breaks off in '{key}'"


def _not_a_bundle(kind: Any) -> str:
    got = f"resourceType {kind!r}" if kind is not None else "no resourceType"
    return (
        f"a .json object must be a FHIR Bundle of QuestionnaireResponses; got {got}"
        " (one response alone goes to `triage assess`)"
    )
