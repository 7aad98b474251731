"""`triage.files.strict_json`: JSON that refuses a key given twice, at any depth, saying where."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.errors import DuplicateKeyError, IntakeError
from triage.files.strict_json import RepeatedKeys, loads
from triage.models import parse_intake

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_a_document_without_repeated_keys_reads_exactly_as_json_loads_reads_it(value: Any) -> None:
    text = json.dumps(value)
    assert loads(text) == json.loads(text)
    assert loads(text.encode()) == json.loads(text)
    assert loads(text, on_repeat="mark") == json.loads(text)


def test_a_repeated_top_level_key_is_refused_naming_it() -> None:
    with pytest.raises(DuplicateKeyError) as raised:
        loads('{"age": 30, "age": 31}')
    assert (raised.value.key, raised.value.path, raised.value.loc) == ("age", (), ("age",))
    assert "'age' is given more than once" in raised.value.message


def test_a_repeated_answer_is_refused_with_its_path_line_and_column() -> None:
    text = '{\n  "answers": {\n    "saddle_numbness": "yes",\n    "saddle_numbness": "no"\n  }\n}'
    with pytest.raises(DuplicateKeyError) as raised:
        loads(text)
    error = raised.value
    assert error.loc == ("answers", "saddle_numbness")
    assert (error.line, error.column) == (4, 5)
    assert "in 'answers' (line 4, column 5)" in error.message
    problem = error.problem(("intakes", 2))
    assert problem.path == "intakes.2.answers.saddle_numbness"
    assert problem.type == "duplicate_key"


def test_a_repeated_key_deep_inside_arrays_is_refused_with_its_path() -> None:
    with pytest.raises(DuplicateKeyError) as raised:
        loads(b'[0, {"a": [{"b": 1}, {"c": {}, "b": 2, "c": 3}]}]')
    assert raised.value.loc == (1, "a", 1, "c")


def test_the_first_repeated_key_in_the_text_is_the_one_named() -> None:
    with pytest.raises(DuplicateKeyError) as raised:
        loads('{"x": 1, "x": {"y": 1, "y": 2}}')
    assert raised.value.loc == ("x",)


def test_a_repeated_key_nested_too_deep_to_locate_is_still_named() -> None:
    with pytest.raises(DuplicateKeyError) as raised:
        loads("[" * 600 + '{"a": 1, "a": 2}' + "]" * 600)
    assert raised.value.key == "a"


def test_malformed_or_too_deeply_nested_json_is_a_json_decode_error() -> None:
    with pytest.raises(json.JSONDecodeError):
        loads('{"a": 1,')
    with pytest.raises(json.JSONDecodeError, match="nested too deeply"):
        loads("[" * 100_000 + "]" * 100_000)


def test_mark_mode_returns_objects_with_repeated_keys_marked_and_others_plain() -> None:
    parsed = loads('[{"a": 1, "a": 2, "b": 0, "b": 0}, {"a": 1}]', on_repeat="mark")
    assert isinstance(parsed[0], RepeatedKeys)
    assert parsed[0].repeated == ("a", "b")
    assert type(parsed[1]) is dict


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"sex": "male", "sex": "female"}', "sex"),
        (
            '{"answers": {"saddle_numbness": "no", "saddle_numbness": "yes"}}',
            "answers.saddle_numbness",
        ),
    ],
)
def test_validating_a_marked_intake_is_a_field_problem_naming_the_key(text: str, path: str) -> None:
    with pytest.raises(IntakeError) as raised:
        parse_intake(loads(text, on_repeat="mark"))
    [problem] = raised.value.problems
    assert (problem.path, problem.type) == (path, "duplicate_key")
    assert f"'{path.split('.')[-1]}' is given more than once" in problem.message
