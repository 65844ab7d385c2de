"""Writes for articles: importing them with their sentences."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from annotations.importing import ArticleData
from annotations.models import Article, Sentence
from annotations.segmentation import number_paragraphs, split_sentences


@dataclass(frozen=True)
class ImportOutcome:
    article: Article
    created: bool


def article_import(*, data: ArticleData, imported_by: User | None = None) -> ImportOutcome:
    """Store an article and its sentences, or find the article already holding this text."""
    content_hash = data.content_hash
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing is not None:
        return ImportOutcome(article=existing, created=False)
    spans = split_sentences(data.text, data.language)
    paragraphs = number_paragraphs(data.text, spans)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=data.title,
                source=data.source,
                url=data.url,
                author=data.author,
                published_on=data.published_on,
                language=data.language,
                text=data.text,
                content_hash=content_hash,
                imported_by=imported_by,
                metadata=data.metadata,
            )
            Sentence.objects.bulk_create(
                Sentence(
                    article=article,
                    position=position,
                    start=start,
                    end=end,
                    text=data.text[start:end],
                    paragraph=paragraph,
                )
                for position, ((start, end), paragraph) in enumerate(
                    zip(spans, paragraphs, strict=True)
                )
            )
    except IntegrityError:
        # Another import stored the same text between our check and our insert.
        existing = Article.objects.filter(content_hash=content_hash).first()
        if existing is None:
            raise
        return ImportOutcome(article=existing, created=False)
    return ImportOutcome(article=article, created=True)
