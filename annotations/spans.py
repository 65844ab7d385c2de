"""Claim spans: ``[start, end)`` ranges relative to a sentence; validation and conversion."""

from collections.abc import Sequence
from itertools import pairwise

Span = tuple[int, int]


class InvalidSpans(ValueError):
    """Spans that cannot describe a claim; the message says why."""


def normalise_spans(raw: object, *, length: int) -> list[list[int]]:
    """Spans as stored: sorted pairs inside ``[0, length]``, each non-empty, none overlapping.

    An empty list means the claim is the whole sentence.
    """
    if raw is None:
        return []
    if not isinstance(raw, (list, tuple)):
        raise InvalidSpans("spans must be a list of [start, end] pairs")
    spans: list[list[int]] = []
    for item in raw:
        if (
            not isinstance(item, (list, tuple))
            or len(item) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in item)
        ):
            raise InvalidSpans(
                f"each span must be a pair of whole numbers [start, end], got {item!r}"
            )
        start, end = item
        if start >= end:
            raise InvalidSpans(f"span [{start}, {end}] is empty: start must be before end")
        if start < 0 or end > length:
            raise InvalidSpans(
                f"span [{start}, {end}] lies outside the sentence, which has {length} characters"
            )
        spans.append([start, end])
    spans.sort()
    for (_, previous_end), (start, end) in pairwise(spans):
        if start < previous_end:
            raise InvalidSpans(f"span [{start}, {end}] overlaps the span ending at {previous_end}")
    return spans


def span_texts(text: str, spans: Sequence[Sequence[int]]) -> list[str]:
    return [text[start:end] for start, end in spans] if spans else [text]
