"""Middleware refusing requests that cannot be read as sent, before any view sees them.

Django decodes form fields and query strings leniently: invalid UTF-8 becomes U+FFFD, so the
stored text silently differs from what was sent; a NUL reaches PostgreSQL, which refuses it
with a 500; a body over the size limit fails deep inside a view. Here such requests get a 413
(body too large, the limit stated) or a 400 naming the field and the byte position.
JSON bodies are checked by the API's parser (annotations.api.parsers), which knows JSON.
"""

import re
from collections.abc import Callable, Iterator
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from annotations.views.errors import refusal, too_large

_BOUNDARY = re.compile(rb'boundary="?([^";]+)"?', re.IGNORECASE)
_PART_NAME = re.compile(rb'\bname="([^"]*)"', re.IGNORECASE)
_PART_FILENAME = re.compile(rb"\bfilename\*?=", re.IGNORECASE)


class RequestChecksMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refusal(
                request, 400, _("The Content-Length header is not a number."), template="400.html"
            )
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return too_large(request)
        problem = first_problem(_fields(request))
        if problem is not None:
            return refusal(request, 400, problem, template="400.html")
        return self.get_response(request)


def first_problem(fields: Iterator[tuple[str, str, bytes]]) -> str | None:
    """Why the first unreadable field cannot be taken as sent, or None."""
    for where, name, raw in fields:
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return _(
                "The %(where)s field “%(name)s” is not valid UTF-8: byte 0x%(byte)02x at "
                "position %(position)d cannot be decoded. Nothing was saved."
            ) % {"where": where, "name": name, "byte": raw[error.start], "position": error.start}
        if "\x00" in value:
            return _(
                "The %(where)s field “%(name)s” contains the NUL character (U+0000) at "
                "position %(position)d, which cannot be stored. Nothing was saved."
            ) % {"where": where, "name": name, "position": value.index("\x00")}
    return None


def _fields(request: HttpRequest) -> Iterator[tuple[str, str, bytes]]:
    """(where, field name, raw value) of the query string and a form body, undecoded."""
    # WSGI hands the query string over as latin-1, which maps bytes to characters one to one.
    query = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
    yield from (("query", name, value) for name, value in _urlencoded(query))
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    content_type = request.META.get("CONTENT_TYPE", "").lower()
    if content_type.startswith("application/x-www-form-urlencoded"):
        yield from (("form", name, value) for name, value in _urlencoded(request.body))
    elif content_type.startswith("multipart/form-data"):
        yield from (("form", name, value) for name, value in _multipart(request))


def _urlencoded(data: bytes) -> Iterator[tuple[str, bytes]]:
    for pair in data.split(b"&"):
        if not pair:
            continue
        name, _sep, value = pair.partition(b"=")
        name_bytes = unquote_to_bytes(name.replace(b"+", b" "))
        label = name_bytes.decode("utf-8", "replace")
        yield label, name_bytes
        yield label, unquote_to_bytes(value.replace(b"+", b" "))


def _multipart(request: HttpRequest) -> Iterator[tuple[str, bytes]]:
    """The non-file parts of a multipart body; files are read by their own parsers."""
    match = _BOUNDARY.search(request.META.get("CONTENT_TYPE", "").encode("latin-1", "replace"))
    if match is None:
        return
    delimiter = b"--" + match.group(1)
    for part in request.body.split(delimiter)[1:]:
        headers, separator, content = part.partition(b"\r\n\r\n")
        if not separator or _PART_FILENAME.search(headers):
            continue
        name = _PART_NAME.search(headers)
        label = name.group(1).decode("utf-8", "replace") if name else "?"
        yield label, content.removesuffix(b"\r\n")
