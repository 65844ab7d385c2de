"""input_checks: what PostgreSQL cannot store is refused with a reason, everything else kept."""

import contextlib
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations import input_checks
from annotations.input_checks import UnsafeInput


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"a": "x\\u0000y"}', "NUL character (U+0000) at character 1"),
        ('{"a\\u0000": 1}', "(a key) contains the NUL"),
        ('["\\ud800"]', "lone surrogate (U+D800)"),
        ('{"n": 1e400}', "outside the range of a double"),
        ('{"n": -1e400}', "outside the range of a double"),
        ("[NaN]", "NaN, which is not a JSON number"),
        ("[Infinity]", "Infinity, which is not a JSON number"),
        ("[" * 100_000 + "]" * 100_000, "nested deeper than 64 levels"),
        ('{"a": ' * 70 + "1" + "}" * 70, "nested deeper than 64 levels"),
        ("[" + "9" * 5000 + "]", "number that is too long"),
        ('{"a": 1', "malformed JSON at line 1, column 8"),
        (b'{"a": "\xff"}', "not valid UTF-8: byte 0xff at position 7"),
    ],
)
def test_loads_refuses_what_jsonb_cannot_store(text, reason):
    with pytest.raises(UnsafeInput, match=re.escape(reason)):
        input_checks.loads(text)


def test_loads_names_the_path_of_a_bad_value():
    with pytest.raises(UnsafeInput, match=r"the body at meta\.tags\[1\] contains the NUL"):
        input_checks.loads('{"meta": {"tags": ["ok", "\\u0000"]}}', what="the body")


def test_loads_keeps_german_emoji_and_right_to_left_text():
    text = '{"t": "Grüße 👍🏽 🇩🇪 e\\u0301 שלום", "n": [1, 2.5, -0.0, 1e300]}'
    assert input_checks.loads(text) == json.loads(text)


def test_line_problem_refuses_direction_overrides_but_not_marks():
    assert "U+202E" in str(input_checks.line_problem("Rechnung\u202etxt.exe"))
    assert "U+2066" in str(input_checks.line_problem("a\u2066b"))
    assert input_checks.line_problem("שלום \u200f Welt") is None


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(_json)
def test_loads_either_refuses_or_gives_json_that_postgres_can_store(value):
    text = json.dumps(value)  # NaN and Infinity come out as Python's non-JSON literals
    try:
        parsed = input_checks.loads(text)
    except UnsafeInput:
        return
    stored = json.dumps(parsed, allow_nan=False)
    assert "\\u0000" not in stored
    stored.encode("utf-8")  # no lone surrogate left


@given(st.text())
def test_loads_of_any_text_raises_nothing_but_unsafe_input(text):
    with contextlib.suppress(UnsafeInput):
        input_checks.loads(text)
