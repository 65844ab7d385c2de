"""Parsing of article files and pasted text into ArticleData; no database writes."""

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from annotations import input_checks
from annotations.segmentation import SUPPORTED_LANGUAGES
from annotations.translatable import Message, TranslatableError, gettext_noop

SUPPORTED_SUFFIXES = (".txt", ".json", ".jsonl")
OPTIONAL_FIELDS = ("title", "source", "url", "author", "published_on", "language", "metadata")
_STRING_LIMITS = {"title": 500, "source": 200, "url": 2000, "author": 300}
_DATE_LINE = re.compile(r"\Adate (\d{4}-\d{2}-\d{2})(?:[ \t]+|(?=\n)|\Z)")
# RFC 3986's characters only: a quote, angle bracket or space in a stored URL breaks out of
# attributes and makes the API's "format: uri" a lie. Non-ASCII must come percent-encoded.
_URL = re.compile(
    r"\Ahttps?://[A-Za-z0-9\-._~%!$&'()*+,;=:@\[\]]+(?:[/?#][A-Za-z0-9\-._~%!$&'()*+,;=:@/?#\[\]]*)?\Z"
)
_URL_HOST = re.compile(r"\Ahttps?://([^/?#]+)", re.IGNORECASE)


class InvalidImport(TranslatableError):
    """Input that cannot become an article; the message says why, for the person importing."""


@dataclass(frozen=True)
class ArticleData:
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    author: str = ""
    published_on: datetime.date | None = None
    language: str = "de"
    metadata: dict = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


def normalise_text(text: str) -> str:
    """The only changes made to imported text: \\n line endings, NFC, outer blank space trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def content_hash(normalised_text: str) -> str:
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()


def parse_file(
    name: str, data: bytes, *, max_bytes: int, default_language: str = "de"
) -> list[ArticleData]:
    """Articles in one file; the suffix of ``name`` chooses the format."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InvalidImport(
            gettext_noop("unsupported file type %(suffix)s; use one of %(supported)s"),
            suffix=repr(suffix or "(none)"),
            supported=", ".join(SUPPORTED_SUFFIXES),
        )
    _check_size(len(data), max_bytes, what=gettext_noop("the file"))
    content = decode_utf8(data)
    if suffix == ".txt":
        return [parse_plain_text(content, max_bytes=max_bytes, language=default_language)]
    if suffix == ".json":
        return list(_parse_json_document(content, max_bytes, default_language))
    return list(_parse_json_lines(content, max_bytes, default_language))


def decode_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidImport(
            gettext_noop(
                "not valid UTF-8: byte 0x%(byte)02x at position %(position)d cannot be decoded; "
                "save the file as UTF-8"
            ),
            byte=data[error.start],
            position=error.start,
        ) from None


def parse_plain_text(content: str, *, max_bytes: int, language: str = "de") -> ArticleData:
    """Plain text; a first line ``date YYYY-MM-DD …`` sets the date, the rest of it stays text.

    The first line of the remaining text (a headline, caption or standfirst) becomes the title.
    """
    text = normalise_text(_checked(input_checks.check_text, content, gettext_noop("the text")))
    published_on = None
    if match := _DATE_LINE.match(text):
        published_on = _parse_date(match.group(1), gettext_noop("the date line"))
        text = text[match.end() :].strip()
    _check_text(text, max_bytes)
    title = _shorten(text.split("\n", 1)[0], _STRING_LIMITS["title"])
    return ArticleData(
        text=text, title=title, published_on=published_on, language=_language(language)
    )


def parse_article_object(
    obj: object, *, max_bytes: int, default_language: str = "de"
) -> ArticleData:
    """One article given as a JSON object (the format of .json, .jsonl and the API)."""
    if not isinstance(obj, dict):
        raise InvalidImport(
            gettext_noop("expected a JSON object with a 'text' field, got %(type)s"),
            type=_json_type(obj),
        )
    unknown = sorted(set(obj) - {"text", *OPTIONAL_FIELDS})
    if unknown:
        raise InvalidImport(
            gettext_noop(
                "unknown field(s) %(unknown)s; allowed: text, %(allowed)s (put anything else "
                "under 'metadata')"
            ),
            unknown=", ".join(unknown),
            allowed=", ".join(OPTIONAL_FIELDS),
        )
    if "text" not in obj:
        raise InvalidImport(gettext_noop("missing field 'text'"))
    text = normalise_text(_checked(input_checks.check_text, _string(obj, "text"), "'text'"))
    _check_text(text, max_bytes)
    values = {key: _string(obj, key).strip() for key in _STRING_LIMITS if obj.get(key) is not None}
    for key, value in values.items():
        _checked(input_checks.check_line, value, f"'{key}'")
        if len(value) > _STRING_LIMITS[key]:
            raise InvalidImport(
                gettext_noop("'%(key)s' is longer than %(limit)d characters"),
                key=key,
                limit=_STRING_LIMITS[key],
            )
    if values.get("url"):
        check_url(values["url"])
    published_on = None
    if obj.get("published_on") is not None:
        published_on = _parse_date(_string(obj, "published_on"), "'published_on'")
    metadata = obj.get("metadata")
    if metadata is None:
        metadata = {}
    elif not isinstance(metadata, dict):
        raise InvalidImport(
            gettext_noop("'metadata' must be a JSON object, got %(type)s"),
            type=_json_type(metadata),
        )
    else:
        _checked(input_checks.check_json_value, metadata, "'metadata'")
    language = obj.get("language")
    return ArticleData(
        text=text,
        published_on=published_on,
        language=_language(default_language if language is None else _string(obj, "language")),
        metadata=metadata,
        **values,
    )


def _parse_json_document(content: str, max_bytes: int, language: str) -> Iterator[ArticleData]:
    document = _checked(input_checks.loads, content, gettext_noop("the JSON"))
    items = document if isinstance(document, list) else [document]
    if not items:
        raise InvalidImport(gettext_noop("the JSON array is empty: no articles to import"))
    for index, item in enumerate(items):
        try:
            yield parse_article_object(item, max_bytes=max_bytes, default_language=language)
        except InvalidImport as error:
            if not isinstance(document, list):
                raise
            raise InvalidImport(
                gettext_noop("item %(number)d: %(error)s"), number=index + 1, error=error
            ) from None


def _parse_json_lines(content: str, max_bytes: int, language: str) -> Iterator[ArticleData]:
    found = False
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        found = True
        try:
            item = input_checks.loads(
                line, what=Message(gettext_noop("line %(number)d"), number=number)
            )
        except input_checks.MalformedJson as error:
            raise InvalidImport(
                gettext_noop("malformed JSON at line %(line)d, column %(column)d: %(error)s"),
                line=number,
                column=error.colno,
                error=error.msg,
            ) from None
        except input_checks.UnsafeInput as error:
            raise InvalidImport(error.message, **error.params) from None
        try:
            yield parse_article_object(item, max_bytes=max_bytes, default_language=language)
        except InvalidImport as error:
            raise InvalidImport(
                gettext_noop("line %(number)d: %(error)s"), number=number, error=error
            ) from None
    if not found:
        raise InvalidImport(gettext_noop("the file has no JSON lines: no articles to import"))


def check_url(url: str) -> str:
    """``url`` unchanged when it is an http(s) URL of RFC 3986 characters, else InvalidImport."""
    if _URL.match(url) and _URL_HOST.match(url):
        return url
    if url.isascii():
        raise InvalidImport(
            gettext_noop(
                "'url' is not an http(s) URL: %(url)s (spaces, quotes, angle brackets and "
                "backslashes must be percent-encoded)"
            ),
            url=repr(url),
        )
    raise InvalidImport(
        gettext_noop(
            "'url' is not an http(s) URL: %(url)s (percent-encode non-ASCII characters, as a "
            "browser's address bar does when you copy the address)"
        ),
        url=repr(url),
    )


def _checked(check, value, what: input_checks.What):
    """``check(value, what=what)``, with its UnsafeInput turned into InvalidImport."""
    try:
        return check(value, what=what)
    except input_checks.UnsafeInput as error:
        raise InvalidImport(error.message, **error.params) from None


def _check_text(text: str, max_bytes: int) -> None:
    if not text:
        raise InvalidImport(gettext_noop("the text is empty"))
    _check_size(len(text.encode("utf-8")), max_bytes, what=gettext_noop("the text"))


def _check_size(size: int, max_bytes: int, *, what: str) -> None:
    if size > max_bytes:
        raise InvalidImport(
            gettext_noop("%(what)s is %(size)s, more than the limit of %(limit)s"),
            what=what,
            size=_megabytes(size),
            limit=_megabytes(max_bytes),
        )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 100 * 1024 else f"{size:,} bytes"


def _parse_date(value: str, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidImport(
            gettext_noop("%(what)s is not a date in the form YYYY-MM-DD: %(value)s"),
            what=what,
            value=repr(value),
        ) from None


def _language(value: str) -> str:
    if value not in SUPPORTED_LANGUAGES:
        raise InvalidImport(
            gettext_noop("unsupported language %(language)s; supported: %(supported)s"),
            language=repr(value),
            supported=", ".join(sorted(SUPPORTED_LANGUAGES)),
        )
    return value


def _string(obj: dict, key: str) -> str:
    value = obj[key]
    if not isinstance(value, str):
        raise InvalidImport(
            gettext_noop("'%(key)s' must be a string, got %(type)s"),
            key=key,
            type=_json_type(value),
        )
    return value


def _json_type(value: object) -> str:
    names = {
        dict: gettext_noop("an object"),
        list: gettext_noop("an array"),
        str: gettext_noop("a string"),
        bool: gettext_noop("a boolean"),
    }
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return gettext_noop("a number")
    return names.get(type(value), type(value).__name__)


def _shorten(line: str, limit: int) -> str:
    if len(line) <= limit:
        return line
    return line[: limit - 1].rsplit(" ", 1)[0] + "…"
