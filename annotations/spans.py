"""Claim spans: ``[start, end)`` code point ranges relative to a sentence; validation."""

from collections.abc import Sequence
from itertools import pairwise

from annotations.graphemes import boundaries, cluster_at, is_blank
from annotations.translatable import TranslatableError, gettext_noop

Span = tuple[int, int]


class InvalidSpans(TranslatableError):
    """Spans that cannot describe a claim; the message says why."""


def normalise_spans(raw: object, *, text: str) -> list[list[int]]:
    """Spans as stored: sorted pairs inside the sentence ``text``, none overlapping.

    Each span starts and ends between grapheme clusters and shows at least one visible
    character. An empty list means the claim is the whole sentence.
    """
    if raw is None:
        return []
    if not isinstance(raw, (list, tuple)):
        raise InvalidSpans(gettext_noop("spans must be a list of [start, end] pairs"))
    length = len(text)
    spans: list[list[int]] = []
    for item in raw:
        if (
            not isinstance(item, (list, tuple))
            or len(item) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in item)
        ):
            raise InvalidSpans(
                gettext_noop(
                    "each span must be a pair of whole numbers [start, end], got %(item)s"
                ),
                item=repr(item),
            )
        start, end = item
        if start >= end:
            raise InvalidSpans(
                gettext_noop("span [%(start)d, %(end)d] is empty: start must be before end"),
                start=start,
                end=end,
            )
        if start < 0 or end > length:
            raise InvalidSpans(
                gettext_noop(
                    "span [%(start)d, %(end)d] lies outside the sentence, which has %(length)d "
                    "characters (Unicode code points)"
                ),
                start=start,
                end=end,
                length=length,
            )
        for edge in (start, end):
            if edge not in boundaries(text):
                raise InvalidSpans(
                    gettext_noop(
                        "span [%(start)d, %(end)d] cuts the character “%(character)s” at "
                        "%(edge)d: a flag, an emoji with a skin tone or joiner, or a letter with "
                        "combining marks is one character and cannot be split"
                    ),
                    start=start,
                    end=end,
                    character=cluster_at(text, edge),
                    edge=edge,
                )
        if is_blank(text[start:end]):
            raise InvalidSpans(
                gettext_noop("span [%(start)d, %(end)d] contains only blank space"),
                start=start,
                end=end,
            )
        spans.append([start, end])
    spans.sort()
    for (_, previous_end), (start, end) in pairwise(spans):
        if start < previous_end:
            raise InvalidSpans(
                gettext_noop("span [%(start)d, %(end)d] overlaps the span ending at %(previous)d"),
                start=start,
                end=end,
                previous=previous_end,
            )
    return spans


def span_texts(text: str, spans: Sequence[Sequence[int]]) -> list[str]:
    return [text[start:end] for start, end in spans] if spans else [text]
