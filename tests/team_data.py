"""Test data for the team tests, built through the services: articles, finished reviews.

Test modules import ``fast_password_hashing`` to turn it on for themselves.
"""

import pytest

from annotations import services
from annotations.importing import ArticleData
from annotations.models import Article


def make_articles(count: int, *, imported_by=None, prefix: str = "Artikel") -> list[Article]:
    """``count`` distinct two-sentence articles titled "<prefix> 1", "<prefix> 2", ..."""
    return [
        services.article_import(
            data=ArticleData(
                text=f"{prefix} Nummer {number} beginnt hier. Es folgt ein zweiter Satz.",
                title=f"{prefix} {number}",
                language="de",
            ),
            imported_by=imported_by,
        ).article
        for number in range(1, count + 1)
    ]


def review_whole_article(article: Article, reviewer, label) -> None:
    """A claim on the first sentence and "no claim" on every other one: the article is done."""
    sentences = list(article.sentences.order_by("position"))
    services.annotation_create(sentence=sentences[0], reviewer=reviewer, label=label)
    for sentence in sentences[1:]:
        services.sentence_mark_no_claim(sentence=sentence, reviewer=reviewer)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The real hasher costs a third of a second per password; these tests are about access."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
