"""`triage.files.json_bundle`: a FHIR Bundle's own level checked, each entry handed on as its text."""

from __future__ import annotations

import io
import json
from typing import Any

import ijson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.errors import SourceError
from triage.files import json_stream
from triage.files.json_bundle import bundle_entries, entry_value
from triage.files.json_stream import Utf8
from triage.files.strict_json import RepeatedKeys

ENTRY = '{"resource": {"resourceType": "QuestionnaireResponse", "id": "a"}}'


class _Trickle(io.RawIOBase):
    """A stream that gives a few bytes a read, so that values and characters span reads."""

    def __init__(self, data: bytes, size: int = 1) -> None:
        self._data = io.BytesIO(data)
        self._size = size
        self.reads = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.reads += 1
        return self._data.read(self._size)


def _bundle(*members: str) -> bytes:
    return ("{" + ", ".join(members) + "}").encode()


def _texts(data: bytes) -> list[str]:
    return list(bundle_entries(Utf8(io.BytesIO(data))))


def _entries(data: bytes) -> list[Any]:
    return [entry_value(text) for text in _texts(data)]


def test_each_entry_comes_as_its_own_text_and_other_elements_are_skipped() -> None:
    data = _bundle(
        '"resourceType": "Bundle"',
        '"meta": {"x": [1, {"y": 2}]}',
        f'"entry": [{ENTRY},\n 3 ]',
        '"total": 2',
    )
    assert _texts(data) == [ENTRY, "3"]
    assert _entries(data) == [json.loads(ENTRY), 3]


def test_entries_may_come_before_the_resource_type() -> None:
    assert _entries(_bundle(f'"entry": [{ENTRY}]', '"resourceType": "Bundle"')) == [
        json.loads(ENTRY)
    ]


def test_an_empty_entry_list_gives_no_entries() -> None:
    assert _texts(_bundle('"resourceType": "Bundle"', '"entry": [ ]')) == []
    assert _texts(_bundle('"resourceType": "Bundle"')) == []


def test_a_repeated_key_in_an_entry_is_marked_where_it_is_as_ijson_marks_it() -> None:
    entry = '{"resource": {"item": [{"linkId": "a", "linkId": "b"}]}, "x": 1, "x": 2}'
    [value] = _entries(_bundle('"resourceType": "Bundle"', f'"entry": [{entry}]'))
    assert isinstance(value, RepeatedKeys) and value.repeated == ("x",)
    inner = value["resource"]["item"][0]
    assert isinstance(inner, RepeatedKeys) and inner == {"linkId": "b"}
    built = next(ijson.items(entry.encode(), "", map_type=json_stream._Marking))
    assert value == built and built["resource"]["item"][0].repeated == ("linkId",)


def test_a_lone_surrogate_becomes_a_question_mark_as_ijson_reads_a_high_one() -> None:
    entry = '{"resource": {"id": "a\\ud800b", "x\\ud83d\\ude00": ["\\udc00"]}}'
    [value] = _entries(_bundle('"resourceType": "Bundle"', f'"entry": [{entry}]'))
    assert value == {"resource": {"id": "a?b", "x\U0001f600": ["?"]}}
    high = '{"id": "a\\ud800b", "x": "\\ud83d\\ude00"}'
    assert entry_value(high) == next(ijson.items(high.encode(), ""))


_scalars = st.none() | st.booleans() | st.integers(-(2**62), 2**62) | st.text(max_size=6)
_values = st.recursive(
    _scalars | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)


@given(st.lists(_values, max_size=5), st.integers(1, 7), st.booleans())
def test_entries_read_in_small_pieces_are_the_entries_json_loads_reads(
    entries: list[Any], size: int, ascii: bool
) -> None:
    data = json.dumps({"resourceType": "Bundle", "entry": entries}, ensure_ascii=ascii).encode()
    stream = _Trickle(data, size)
    read = [entry_value(text) for text in bundle_entries(Utf8(stream))]  # type: ignore[arg-type]
    assert repr(read) == repr(json.loads(data)["entry"])  # repr tells 1 from 1.0


def test_a_large_entry_is_read_in_a_few_passes_not_one_per_chunk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(json_stream, "CHUNK", 64)
    big = json.dumps({"resource": {"text": "x" * 200_000, "item": [{"linkId": "a"}] * 2000}})
    data = _bundle('"resourceType": "Bundle"', f'"entry": [{big}, {ENTRY}]')
    scans = []
    real = json.JSONDecoder.raw_decode

    def counted(self: json.JSONDecoder, text: str, at: int = 0) -> tuple[Any, int]:
        scans.append(len(text))
        return real(self, text, at)

    monkeypatch.setattr(json.JSONDecoder, "raw_decode", counted)
    assert _texts(data) == [big, ENTRY]
    assert len(data) // 64 > 3000 and sum(scans) < 8 * len(data)


def test_a_broken_entry_is_named_without_reading_the_rest_of_the_file() -> None:
    broken = '{"resource": {"id": "a",, "x": 1}}'
    rest = ", ".join([ENTRY] * 20_000)
    data = _bundle('"resourceType": "Bundle"', f'"entry": [{ENTRY}, {broken}, {rest}]')
    stream = _Trickle(data, 1 << 16)
    read: list[str] = []
    with pytest.raises(SourceError, match="entry list breaks off after element 1"):
        read.extend(bundle_entries(Utf8(stream)))  # type: ignore[arg-type]
    assert read == [ENTRY] and stream.reads < 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _bundle('"resourceType": "Bundle"', f'"entry": [{ENTRY}]', '"entry": []'),
            "'entry' is given more than once in the Bundle",
        ),
        (_bundle('"resourceType": "Patient"', '"entry": []'), "got resourceType 'Patient'"),
        (_bundle('"resourceType": {"a": 1}'), "got resourceType 'map'"),
        (b'{"resourceType": ["a", ', "got resourceType 'array'"),
        (_bundle('"resourceType": null'), "got no resourceType"),
        (_bundle('"resourceType": 3'), "got resourceType 3"),
        (_bundle(f'"entry": [{ENTRY}]'), "got no resourceType"),
        (_bundle('"resourceType": "Bundle"', '"entry": {}'), "entry must be a JSON array"),
        (_bundle('"resourceType": "Bundle"', '"entry": 3'), "entry must be a JSON array"),
        (b'{"resourceType": "Bundle", "entry": {"a": ', "entry must be a JSON array"),
        (b'{"resourceType": "Bundle", "entry": ', "entry list breaks off after element 0"),
        (b'{"resourceType": "Bundle", "entry": tru}', "entry list breaks off after element 0"),
        (b'{"resourceType": "Bundle", "meta": {"a": ', "the Bundle breaks off in 'meta'"),
        (b'{"resourceType": "Bundle", "meta": 1e999}', "the Bundle breaks off in 'meta'"),
        (b'{"resourceType": "Bundle" "entry": []}', "the Bundle breaks off in 'resourceType'"),
        (b'{"resourceType": "Bundle", }', "the Bundle breaks off in 'resourceType'"),
        (b'{"resourceType": "Bundle", "entry": [{}, {', "entry list breaks off after element 1"),
        (b'{"resourceType": "Bundle", "entry": [{} {}]}', "entry list breaks off after element 1"),
        (b'{"resourceType": "Bundle", "entry": [{},]}', "entry list breaks off after element 1"),
        (b'{"resourceType": "Bundle", "entry": [{}, NaN]}', "breaks off after element 1"),
        (
            b'{"resourceType": "Bundle", "entry": [{"a": 1e400}]}',
            "too large to read after element 0",
        ),
        (
            b'{"resourceType": "Bundle", "entry": [{"a": 9223372036854775808}]}',
            "has a number too large to read after element 0",
        ),
        (
            b'{"resourceType": "Bundle", "entry": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}",
            "is nested too deeply to read after element 0",
        ),
        (b'{"resourceType": "Bundle", "entry": []} x', "the Bundle breaks off in 'entry'"),
        (b"{} x", "the Bundle is not a valid JSON object"),
        (b'{"entry": [{"id": "\xe9"}]}', "the file is not UTF-8 text: invalid continuation byte"),
        (b"{", "the Bundle is not a valid JSON object"),
        (b"{3: 1}", "the Bundle is not a valid JSON object"),
        (b"[]", "a FHIR Bundle must be a JSON object"),
    ],
)
def test_a_bad_bundle_raises_source_error_without_quoting_the_file(
    data: bytes, message: str
) -> None:
    with pytest.raises(SourceError) as raised:
        _texts(data)
    assert message in raised.value.message
    assert "Patient" in message or "Patient" not in raised.value.message
    assert "meta" in message or "meta" not in raised.value.message
