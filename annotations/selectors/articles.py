"""Reads for the article pages: the list and one article in reading order."""

from itertools import groupby

from django.db.models import QuerySet

from annotations.models import Article, Sentence


def article_list(*, query: str = "") -> QuerySet[Article]:
    """Articles for the list page, newest first, with their sentence counts."""
    # Meta.ordering does not apply to aggregating queries, so the order is spelled out.
    return (
        Article.objects.search(query)
        .with_sentence_count()
        .only("id", "title", "source", "published_on", "imported_at", "language")
        .order_by("-published_on", "-imported_at", "-id")
    )


def paragraphs_of_article(*, article: Article) -> list[list[Sentence]]:
    """The article's sentences in reading order, grouped into paragraphs."""
    sentences = Sentence.objects.filter(article=article).order_by("position")
    return [list(group) for _, group in groupby(sentences, key=lambda s: s.paragraph)]
