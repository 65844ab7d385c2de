"""Checks that untrusted text and JSON can be stored as given; pure Python, no Django imports.

PostgreSQL's text and jsonb cannot hold U+0000, UTF-8 cannot encode a lone surrogate, and JSON
has no Infinity or NaN: values like these used to reach the database and fail there (a 500).
Every entry point (forms, the API's JSON parser, the import files) refuses them here first, with
a message that says what and where, so nothing is stored changed or half-stored.
"""

import json
import math
import re
from collections.abc import Iterator

# Deep enough for any real metadata or spans, shallow enough for a recursive walk.
MAX_JSON_DEPTH = 64

# Characters that reorder how text around them is displayed (RLO, LRI, ...): in a one-line
# field such as a title they let "txt.exe" show as "exe.txt". Running text may need marks
# (LRM/RLM) and right-to-left scripts, which stay allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_SURROGATE_OR_NUL = re.compile("[\x00\ud800-\udfff]")


class UnsafeInput(ValueError):
    """Input that cannot be stored as given; the message says why and where, for the sender."""


class MalformedJson(UnsafeInput):
    """Not JSON at all; ``lineno``, ``colno`` and ``msg`` as in json.JSONDecodeError."""

    def __init__(self, error: json.JSONDecodeError):
        super().__init__(
            f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        )
        self.lineno, self.colno, self.msg = error.lineno, error.colno, error.msg


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None when it can."""
    match = _SURROGATE_OR_NUL.search(value)
    if match is None:
        return None
    return _character_problem(match.group(), match.start())


def line_problem(value: str) -> str | None:
    """Like text_problem, and also refuse bidirectional overrides in a one-line value."""
    problem = text_problem(value)
    if problem is not None:
        return problem
    for position, character in enumerate(value):
        if character in BIDI_CONTROLS:
            return (
                f"contains the invisible direction control U+{ord(character):04X} at character "
                f"{position}, which can make the text display differently from what it is"
            )
    return None


def check_text(value: str, *, what: str) -> str:
    """``value`` unchanged, or UnsafeInput naming ``what``."""
    problem = text_problem(value)
    if problem is not None:
        raise UnsafeInput(f"{what} {problem}")
    return value


def check_line(value: str, *, what: str) -> str:
    problem = line_problem(value)
    if problem is not None:
        raise UnsafeInput(f"{what} {problem}")
    return value


def check_json_value(value: object, *, what: str = "the JSON") -> object:
    """``value`` (already parsed) unchanged, or UnsafeInput for anything jsonb cannot store."""
    for path, problem in _json_problems(value, "", 0):
        where = f" at {path}" if path else ""
        raise UnsafeInput(f"{what}{where} {problem}")
    return value


def loads(text: str | bytes, *, what: str = "the JSON") -> object:
    """json.loads that refuses what PostgreSQL's jsonb or strict JSON would refuse.

    Malformed JSON, NaN/Infinity, numbers out of the double range (1e400), integers longer
    than Python converts, nesting deeper than MAX_JSON_DEPTH, NUL and lone surrogates in
    strings or keys: each raises UnsafeInput with the position or path.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise UnsafeInput(
                f"{what} is not valid UTF-8: byte 0x{text[error.start]:02x} at position "
                f"{error.start} cannot be decoded"
            ) from None
    depth = _max_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise UnsafeInput(f"{what} is nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        raise MalformedJson(error) from None
    except _NumberOutOfRange as error:
        raise UnsafeInput(f"{what} has {error}") from None
    except ValueError as error:
        # int() refuses integers of more than sys.get_int_max_str_digits() digits.
        raise UnsafeInput(f"{what} has a number that is too long: {error}") from None
    return check_json_value(value, what=what)


class _NumberOutOfRange(ValueError):
    pass


def _refuse_constant(name: str) -> float:
    raise _NumberOutOfRange(f"{name}, which is not a JSON number")


def _finite_float(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):
        raise _NumberOutOfRange(f"the number {literal[:40]}, outside the range of a double")
    return number


def _max_depth(text: str) -> int:
    """Deepest bracket nesting, outside strings; counted without recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest
        elif character in "]}":
            depth -= 1
    return deepest


def _json_problems(value: object, path: str, depth: int) -> Iterator[tuple[str, str]]:
    if depth > MAX_JSON_DEPTH:
        yield path, f"is nested deeper than {MAX_JSON_DEPTH} levels"
    elif isinstance(value, str):
        problem = text_problem(value)
        if problem is not None:
            yield path, problem
    elif isinstance(value, float):
        if not math.isfinite(value):
            yield path, f"holds {value}, which is not a JSON number"
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                yield path, f"has the key {key!r}, which is not a string"
                return
            problem = text_problem(key)
            if problem is not None:
                yield f"{path}.{key!r}" if path else repr(key), f"(a key) {problem}"
                return
            yield from _json_problems(item, f"{path}.{key}" if path else key, depth + 1)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _json_problems(item, f"{path}[{index}]", depth + 1)


def _character_problem(character: str, position: int) -> str:
    if character == "\x00":
        return (
            f"contains the NUL character (U+0000) at character {position}, which cannot be stored"
        )
    return (
        f"contains a lone surrogate (U+{ord(character):04X}) at character {position}, which is "
        "not a character and cannot be stored"
    )
