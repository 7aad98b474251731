"""`triage.files.json_stream`: a JSON array read one element at a time by ijson."""

from __future__ import annotations

import io
import json
import pickle
import tracemalloc
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import ijson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.errors import SourceError
from triage.files import json_stream
from triage.files.json_stream import Utf8, array_elements, first_repeat
from triage.files.strict_json import RepeatedKeys

_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=8)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63) + 1, 2**63 - 1)  # ijson's C backend refuses wider ones (tested below)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=20,
)


class _Trickle(io.RawIOBase):
    """A stream that gives one byte a read, so that every value and character spans reads."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._data.read(1)


def _plain(value: Any) -> Any:
    """A value with its objects as plain dicts (ijson builds `_Marking` dicts)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _elements(data: bytes) -> list[Any]:
    return list(array_elements(Utf8(io.BytesIO(data))))


@pytest.fixture(params=["yajl2_c", "python"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test that asks for it runs with ijson's C backend and with its pure-Python fallback
    (what a machine without the C wheel gets)."""
    chosen = ijson.get_backend(request.param)
    fake = SimpleNamespace(
        parse=chosen.parse,
        items=chosen.items,
        JSONError=ijson.JSONError,
    )
    monkeypatch.setattr(json_stream, "ijson", fake)
    return str(request.param)


def test_both_backends_read_an_array_and_mark_its_repeated_keys(backend: str) -> None:
    text = b'[{"age": 40, "answers": {"a": "yes", "a": "no"}, "x": [2.5, 1e2]}, {"b": 1}]'
    first, second = _elements(text)
    assert first == {"age": 40, "answers": {"a": "no"}, "x": [2.5, 100.0]}
    assert isinstance(first["answers"], RepeatedKeys) and second == {"b": 1}
    with pytest.raises(SourceError, match="breaks off after element 1"):
        _elements(b'[{"a": 1}, {"b": ')


@given(st.lists(json_values, max_size=6), st.booleans())
def test_an_array_reads_element_by_element_exactly_as_json_loads_reads_it(
    values: list[Any], trickle: bool
) -> None:
    data = json.dumps(values, ensure_ascii=trickle).encode()
    stream = _Trickle(data) if trickle else io.BytesIO(data)
    read = list(array_elements(Utf8(stream)))  # type: ignore[arg-type]
    assert repr(_plain(read)) == repr(json.loads(data))  # repr tells 1 from 1.0


def test_numbers_come_out_as_json_loads_gives_them_and_objects_as_dicts() -> None:
    text = (
        b'[{"age": 40, "answers": {"pain_severity": 7.5, "x": [1e2, -0.0, 9223372036854775807]}}]'
    )
    [element] = _elements(text)
    assert element == json.loads(text)[0]
    assert isinstance(element, dict) and isinstance(element["answers"], dict)
    assert [type(value) for value in element["answers"]["x"]] == [float, float, int]


def test_an_element_sent_to_a_worker_arrives_as_plain_dicts_keeping_its_repeat_marks() -> None:
    text = b'[{"answers": {"a": "yes", "a": "no"}, "item": [{"linkId": "b"}]}]'
    [element] = _elements(text)
    arrived = pickle.loads(pickle.dumps(element))
    assert arrived == element and type(arrived) is dict
    assert type(arrived["item"][0]) is dict
    assert type(arrived["answers"]) is RepeatedKeys and arrived["answers"].repeated == ("a",)


def test_every_element_keeps_its_own_repeat_marks_when_sent_to_a_worker() -> None:
    # ijson builds several elements of a buffer before giving the first: each keeps its own marks.
    clean = '{"answers": {"night_pain": "no"}}'
    twice = '{"answers": {"saddle_numbness": "yes", "saddle_numbness": "no"}}'
    text = ("[" + ", ".join([clean, twice, clean, clean, twice]) + "]").encode()
    arrived = [pickle.loads(pickle.dumps(element)) for element in _elements(text)]
    assert [first_repeat(element) is not None for element in arrived] == [
        False,
        True,
        False,
        False,
        True,
    ]


@pytest.mark.parametrize("number", [b"18446744073709551616", b"1e400"])
def test_a_number_beyond_64_bits_stops_the_file_naming_the_element_before(number: bytes) -> None:
    with pytest.raises(SourceError, match="has a number too large to read after element 1"):
        _elements(b'[{"age": 40}, {"age": ' + number + b"}]")


def test_a_repeated_key_marks_its_object_and_first_repeat_names_it_with_its_path() -> None:
    text = b'[{"answers": {"saddle_numbness": "yes", "night_pain": "no", "saddle_numbness": "no"}}]'
    [element] = _elements(text)
    answers = element["answers"]
    assert isinstance(answers, RepeatedKeys) and answers.repeated == ("saddle_numbness",)
    assert answers == {"saddle_numbness": "no", "night_pain": "no"}
    found = first_repeat(element)
    assert found is not None and found.loc == ("answers", "saddle_numbness")
    assert first_repeat({"answers": {"a": [1, {"b": 2}]}}) is None


def test_a_repeat_inside_a_list_is_found_with_the_list_index() -> None:
    [element] = _elements(b'[{"item": [{"linkId": "a"}, {"linkId": "b", "linkId": "c"}]}]')
    found = first_repeat(element)
    assert found is not None and (found.key, found.path) == ("linkId", ("item", 1))


def test_a_byte_order_mark_and_white_space_before_the_array_are_skipped() -> None:
    assert _elements(b'\xef\xbb\xbf \n [{"answers": {}}]') == [{"answers": {}}]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'[{"answers": {}}, {"answers": {"night_', "the JSON array breaks off after element 1"),
        (b'[{"answers": {}}, {"answers": }]', "the JSON array breaks off after element 1"),
        (b"[{}, NaN]", "the JSON array breaks off after element 1"),
        (b'[{}, {"id": "\\udc00"}]', "has a string that is not text after element 1"),
        (b'[{"answers": {}}] [{"age": 3}]', "is followed by more text after element 1"),
        (b'[{"id": "\xe9"}]', "the file is not UTF-8 text: invalid continuation byte"),
        (b"  ", "a .json input must be a JSON array"),
        (b'"forms"', "a .json input must be a JSON array"),
        ("é".encode(), "a .json input must be a JSON array"),
    ],
)
def test_a_broken_array_raises_source_error_without_quoting_the_file(
    data: bytes, message: str
) -> None:
    with pytest.raises(SourceError) as raised:
        _elements(data)
    assert message in raised.value.message
    assert "night_" not in raised.value.message and "age" not in raised.value.message


def test_the_elements_before_a_break_are_given_first() -> None:
    read: list[Any] = []
    with pytest.raises(SourceError):
        read.extend(array_elements(Utf8(io.BytesIO(b'[{"a": 1}, {"b": 2}, {"c"'))))
    assert read == [{"a": 1}, {"b": 2}]


class _Forms(io.RawIOBase):
    """A JSON array of `count` intakes, made as it is read: the whole text never exists at once."""

    def __init__(self, count: int) -> None:
        self._parts = self._made(count)
        self._left = b""

    @staticmethod
    def _made(count: int) -> Iterator[bytes]:
        yield b"["
        for number in range(count):
            comma = b"," if number else b""
            yield comma + json.dumps({"id": f"r{number}", "answers": {"night_pain": "no"}}).encode()
        yield b"]"

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while len(self._left) < max(size, 1):
            part = next(self._parts, None)
            if part is None:
                break
            self._left += part
        taken, self._left = self._left[:size], self._left[size:]
        return taken


@pytest.mark.slow
def test_memory_stays_flat_however_long_the_array() -> None:
    def peak(count: int) -> int:
        tracemalloc.start()
        try:
            last = None
            for element in array_elements(Utf8(_Forms(count))):  # type: ignore[arg-type]
                last = element
            assert last == {"id": f"r{count - 1}", "answers": {"night_pain": "no"}}
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    # 0.25 MB and 1.25 MB of JSON, both past the read buffers; held whole, 25,000 intakes would
    # take over 15 MB as Python objects.
    small, large = peak(5_000), peak(25_000)
    assert large < small + 256 * 1024
