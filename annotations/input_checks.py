"""Checks that untrusted text and JSON can be stored as given; pure Python, no Django imports.

PostgreSQL's text and jsonb cannot hold U+0000, UTF-8 cannot encode a lone surrogate, and JSON
has no Infinity or NaN: values like these used to reach the database and fail there (a 500).
Every entry point (forms, the API's JSON parser, the import files) refuses them here first, with
a message that says what and where, so nothing is stored changed or half-stored.
"""

import json
import math
import re
import sys
from collections.abc import Iterator

from annotations.translatable import Message, TranslatableError, gettext_noop

# Deep enough for any real metadata or spans, shallow enough for a recursive walk.
MAX_JSON_DEPTH = 64

# Characters that reorder how text around them is displayed (RLO, LRI, ...): in a one-line
# field such as a title they let "txt.exe" show as "exe.txt". Running text may need marks
# (LRM/RLM) and right-to-left scripts, which stay allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_SURROGATE_OR_NUL = re.compile("[\x00\ud800-\udfff]")

# What a value is called in a message ("the body", "'title'", "line 3"): a plain string, a
# string marked with gettext_noop (translated when shown) or a Message.
What = str | Message

_THE_JSON = gettext_noop("the JSON")

# A problem is a verb phrase ("contains the NUL character ..."), the end of a sentence that
# starts with what the value is: callers say "This field %(problem)s." or "%(what)s %(problem)s".


class UnsafeInput(TranslatableError):
    """Input that cannot be stored as given; the message says why and where, for the sender.

    A ValueError, translated into the active language when shown (see translatable).
    """


class MalformedJson(UnsafeInput):
    """Not JSON at all; ``lineno``, ``colno`` and ``msg`` as in json.JSONDecodeError."""

    def __init__(self, error: json.JSONDecodeError):
        super().__init__(
            gettext_noop("malformed JSON at line %(line)d, column %(column)d: %(error)s"),
            line=error.lineno,
            column=error.colno,
            error=error.msg,
        )
        self.lineno, self.colno, self.msg = error.lineno, error.colno, error.msg


def text_problem(value: str) -> Message | None:
    """Why ``value`` cannot be stored as text, or None when it can."""
    match = _SURROGATE_OR_NUL.search(value)
    if match is None:
        return None
    return _character_problem(match.group(), match.start())


def line_problem(value: str) -> Message | None:
    """Like text_problem, and also refuse bidirectional overrides in a one-line value."""
    problem = text_problem(value)
    if problem is not None:
        return problem
    for position, character in enumerate(value):
        if character in BIDI_CONTROLS:
            return Message(
                gettext_noop(
                    "contains the invisible direction control U+%(code)04X at character "
                    "%(position)d, which can make the text display differently from what it is"
                ),
                code=ord(character),
                position=position,
            )
    return None


def check_text(value: str, *, what: What) -> str:
    """``value`` unchanged, or UnsafeInput naming ``what``."""
    problem = text_problem(value)
    if problem is not None:
        raise _unsafe(what, problem)
    return value


def check_line(value: str, *, what: What) -> str:
    problem = line_problem(value)
    if problem is not None:
        raise _unsafe(what, problem)
    return value


def check_json_value(value: object, *, what: What = _THE_JSON) -> object:
    """``value`` (already parsed) unchanged, or UnsafeInput for anything jsonb cannot store."""
    for path, problem in _json_problems(value, "", 0):
        if path:
            raise UnsafeInput(
                gettext_noop("%(what)s at %(path)s %(problem)s"),
                what=what,
                path=path,
                problem=problem,
            )
        raise _unsafe(what, problem)
    return value


def loads(text: str | bytes, *, what: What = _THE_JSON) -> object:
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
                gettext_noop(
                    "%(what)s is not valid UTF-8: byte 0x%(byte)02x at position %(position)d "
                    "cannot be decoded"
                ),
                what=what,
                byte=text[error.start],
                position=error.start,
            ) from None
    depth = _max_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise _unsafe(what, _too_deep())
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        raise MalformedJson(error) from None
    except _NumberOutOfRange as error:
        raise _unsafe(what, error.problem) from None
    except ValueError:
        # int() refuses integers of more than sys.get_int_max_str_digits() digits.
        raise UnsafeInput(
            gettext_noop("%(what)s has a number that is too long: more than %(limit)d digits"),
            what=what,
            limit=sys.get_int_max_str_digits(),
        ) from None
    return check_json_value(value, what=what)


def _unsafe(what: What, problem: Message) -> UnsafeInput:
    return UnsafeInput(gettext_noop("%(what)s %(problem)s"), what=what, problem=problem)


def _too_deep() -> Message:
    return Message(gettext_noop("is nested deeper than %(depth)d levels"), depth=MAX_JSON_DEPTH)


class _NumberOutOfRange(ValueError):
    def __init__(self, problem: Message):
        super().__init__(problem)
        self.problem = problem


def _refuse_constant(name: str) -> float:
    raise _NumberOutOfRange(
        Message(gettext_noop("has %(name)s, which is not a JSON number"), name=name)
    )


def _finite_float(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):
        raise _NumberOutOfRange(
            Message(
                gettext_noop("has the number %(number)s, outside the range of a double"),
                number=literal[:40],
            )
        )
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


def _json_problems(value: object, path: str, depth: int) -> Iterator[tuple[str, Message]]:
    if depth > MAX_JSON_DEPTH:
        yield path, _too_deep()
    elif isinstance(value, str):
        problem = text_problem(value)
        if problem is not None:
            yield path, problem
    elif isinstance(value, float):
        if not math.isfinite(value):
            yield (
                path,
                Message(gettext_noop("holds %(value)s, which is not a JSON number"), value=value),
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                yield (
                    path,
                    Message(
                        gettext_noop("has the key %(key)s, which is not a string"), key=repr(key)
                    ),
                )
                return
            problem = text_problem(key)
            if problem is not None:
                yield (
                    f"{path}.{key!r}" if path else repr(key),
                    Message(gettext_noop("(a key) %(problem)s"), problem=problem),
                )
                return
            yield from _json_problems(item, f"{path}.{key}" if path else key, depth + 1)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _json_problems(item, f"{path}[{index}]", depth + 1)


def _character_problem(character: str, position: int) -> Message:
    if character == "\x00":
        return Message(
            gettext_noop(
                "contains the NUL character (U+0000) at character %(position)d, which cannot "
                "be stored"
            ),
            position=position,
        )
    return Message(
        gettext_noop(
            "contains a lone surrogate (U+%(code)04X) at character %(position)d, which is not a "
            "character and cannot be stored"
        ),
        code=ord(character),
        position=position,
    )
