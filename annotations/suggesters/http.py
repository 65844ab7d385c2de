"""A newsroom's own model behind HTTP, as a suggestion source (protocol: docs/suggestions.md).

``HttpSource(name, url, timeout)`` POSTs the article as JSON and checks the reply strictly:
any deviation from the protocol (not JSON, a wrong shape, an unknown field, a label that is not
a slug, an offset outside its sentence or inside a grapheme cluster, a blank or overlapping
span, a score outside [0, 1]) fails the whole reply with ``SourceUnavailable``, so a broken
model never puts half-checked claims in front of reviewers. Standard library only (urllib): one
request per article needs no connection pool, and the app has no HTTP client dependency.
"""

import json
import math
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from annotations.graphemes import boundaries, is_blank
from annotations.suggesters.base import ArticleText, SourceUnavailable, Suggestion

PROTOCOL = 1
MAX_REPLY_BYTES = 8 * 1024 * 1024
_SUGGESTION_FIELDS = frozenset({"sentence", "label", "spans", "speaker", "reason", "score"})
_REQUIRED_FIELDS = frozenset({"sentence", "label", "spans"})
_REPLY_FIELDS = frozenset({"suggestions", "version"})
_SLUG = re.compile(r"[a-z0-9_-]{1,64}")
MAX_TEXT = 1000  # longest speaker or reason kept


class HttpSource:
    """Suggestions from ``url``; ``name`` is how the source is shown and recorded."""

    def __init__(self, name: str, url: str, timeout: float = 10.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"source {name!r}: url must start with http:// or https://")
        if not timeout > 0:
            raise ValueError(f"source {name!r}: timeout must be positive")
        self.name = name
        self.url = url
        self.timeout = timeout
        # The version the server last reported; "" until it has answered once.
        self.version = ""

    def suggest(self, article: ArticleText) -> list[Suggestion]:
        body = json.dumps(
            {
                "protocol": PROTOCOL,
                "title": article.title,
                "language": article.language,
                "sentences": list(article.sentences),
            },
            ensure_ascii=False,
        ).encode("utf-8")
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        raw = self._post(request)
        try:
            reply = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except (UnicodeDecodeError, ValueError) as error:
            raise self._unavailable(f"the reply is not JSON ({error})") from error
        return self._read(reply, article)

    def _post(self, request: urllib.request.Request) -> bytes:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read(MAX_REPLY_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise self._unavailable(f"HTTP {error.code} {error.reason}") from error
        except TimeoutError as error:
            raise self._unavailable(f"no reply within {self.timeout:g} s") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise self._unavailable(f"no reply within {self.timeout:g} s") from error
            raise self._unavailable(f"cannot connect ({error.reason})") from error
        except OSError as error:
            raise self._unavailable(f"connection failed ({error})") from error
        if len(raw) > MAX_REPLY_BYTES:
            raise self._unavailable(f"the reply is larger than {MAX_REPLY_BYTES} bytes")
        return raw

    def _unavailable(self, cause: str) -> SourceUnavailable:
        return SourceUnavailable(f"suggestion source {self.name!r} ({self._shown_url}): {cause}")

    @property
    def _shown_url(self) -> str:
        """The URL without credentials, which must not end up in logs and admin pages."""
        parts = urllib.parse.urlsplit(self.url)
        host = parts.netloc.rpartition("@")[2]
        return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))

    def _read(self, reply: Any, article: ArticleText) -> list[Suggestion]:
        if not isinstance(reply, dict):
            raise self._unavailable("the reply is not a JSON object")
        unknown = set(reply) - _REPLY_FIELDS
        if unknown:
            raise self._unavailable(f"unknown field(s) in the reply: {', '.join(sorted(unknown))}")
        version = reply.get("version")
        if not isinstance(version, str) or not version.strip() or len(version) > 100:
            raise self._unavailable('"version" must be a non-empty string (at most 100 characters)')
        items = reply.get("suggestions")
        if not isinstance(items, list):
            raise self._unavailable('"suggestions" must be a list')
        self.version = version
        return [self._suggestion(n, item, article, version) for n, item in enumerate(items)]

    def _suggestion(self, n: int, item: Any, article: ArticleText, version: str) -> Suggestion:
        where = f"suggestions[{n}]"
        if not isinstance(item, dict):
            raise self._unavailable(f"{where} is not an object")
        unknown = set(item) - _SUGGESTION_FIELDS
        if unknown:
            raise self._unavailable(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        missing = _REQUIRED_FIELDS - set(item)
        if missing:
            raise self._unavailable(f"{where}: missing field(s) {', '.join(sorted(missing))}")
        sentence = item["sentence"]
        if type(sentence) is not int or not 0 <= sentence < len(article.sentences):
            raise self._unavailable(
                f"{where}.sentence must be an integer from 0 to {len(article.sentences) - 1}"
            )
        label = item["label"]
        if not isinstance(label, str) or not _SLUG.fullmatch(label):
            raise self._unavailable(f"{where}.label must be a label slug")
        spans = self._spans(where, item["spans"], article.sentences[sentence])
        speaker = self._text(where, item, "speaker")
        reason = self._text(where, item, "reason")
        score = item.get("score", 1.0)
        if type(score) not in (int, float) or not math.isfinite(score) or not 0.0 <= score <= 1.0:
            raise self._unavailable(f"{where}.score must be a number from 0 to 1")
        return Suggestion(sentence, label, spans, speaker, reason, float(score), self.name, version)

    def _text(self, where: str, item: dict, key: str) -> str:
        value = item.get(key, "")
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise self._unavailable(
                f"{where}.{key} must be a string (at most {MAX_TEXT} characters)"
            )
        if any(0xD800 <= ord(c) <= 0xDFFF or c == "\x00" for c in value):
            raise self._unavailable(f"{where}.{key} holds a NUL or a lone surrogate")
        return value.strip()

    def _spans(self, where: str, value: Any, text: str) -> tuple[tuple[int, int], ...]:
        if not isinstance(value, list):
            raise self._unavailable(f"{where}.spans must be a list of [start, end] pairs")
        spans: list[tuple[int, int]] = []
        allowed = boundaries(text)
        for pair in value:
            if (
                not isinstance(pair, list)
                or len(pair) != 2
                or any(type(x) is not int for x in pair)
            ):
                raise self._unavailable(f"{where}.spans must be a list of [start, end] pairs")
            start, end = pair
            if not 0 <= start < end <= len(text):
                raise self._unavailable(
                    f"{where}.spans: [{start}, {end}] is outside the sentence (length {len(text)})"
                )
            if start not in allowed or end not in allowed:
                raise self._unavailable(
                    f"{where}.spans: [{start}, {end}] cuts through a character (grapheme cluster)"
                )
            if is_blank(text[start:end]):
                raise self._unavailable(f"{where}.spans: [{start}, {end}] covers only blank text")
            if spans and start < spans[-1][1]:
                raise self._unavailable(f"{where}.spans must be sorted and must not overlap")
            spans.append((start, end))
        return tuple(spans)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")
