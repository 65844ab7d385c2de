"""The contract between suggestion sources and the rest of factcheck."""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What a source sees of an article: its title, language and sentence texts, in order."""

    title: str
    language: str
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One proposed claim on one sentence.

    ``sentence`` indexes ``ArticleText.sentences``; ``spans`` are sorted, non-overlapping
    ``[start, end)`` code point ranges inside that sentence's text (empty: the whole sentence);
    ``label`` is a label slug; ``speaker`` is the suggested "attributed to" ("" when unknown);
    ``reason`` is shown to the reviewer as is; ``score`` lies in [0, 1].
    """

    sentence: int
    label: str
    spans: tuple[tuple[int, int], ...]
    speaker: str
    reason: str
    score: float
    source: str
    version: str


class SourceUnavailable(Exception):
    """A source could not answer (a model server down, a timeout, a malformed reply).

    The message says which source and why, in words an admin can act on.
    """


class Source(Protocol):
    """Anything that proposes claims for an article."""

    name: str
    version: str

    def suggest(self, article: ArticleText) -> list[Suggestion]: ...
