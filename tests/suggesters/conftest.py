"""Helpers for the suggester specifications: pure Python, no database, no Django settings."""

import pytest

from annotations.segmentation import split_sentences
from annotations.suggesters.base import ArticleText, Suggestion
from annotations.suggesters.rules import RuleSuggester


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic():
    """Replaces conftest's autouse Django settings fixture: these tests run without Django."""


def article(text: str, language: str = "de", title: str = "") -> ArticleText:
    """The article as the importer would split it."""
    spans = split_sentences(text, language)
    return ArticleText(title, language, tuple(text[start:end] for start, end in spans))


def suggest(text: str, language: str = "de", title: str = "") -> list[Suggestion]:
    return RuleSuggester().suggest(article(text, language, title))


def claims(text: str, language: str = "de", title: str = "") -> list[tuple]:
    """(sentence, label, marked words, speaker) of every suggestion, the way a reviewer reads
    them; a whole-sentence claim shows as "<whole>"."""
    found = []
    source = article(text, language, title)
    for s in RuleSuggester().suggest(source):
        sentence = source.sentences[s.sentence]
        words = [sentence[a:b] for a, b in s.spans] or ["<whole>"]
        found.append((s.sentence, s.label, words, s.speaker))
    return found
