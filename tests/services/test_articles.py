"""article_import: stored verbatim, split into sentences, never twice."""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.importing import ArticleData, content_hash
from annotations.models import Article, Sentence
from annotations.services import article_import

pytestmark = pytest.mark.django_db


def test_article_import_stores_text_metadata_and_importer(article_data, admin_user):
    outcome = article_import(data=article_data, imported_by=admin_user)
    article = Article.objects.get()
    assert outcome.created
    assert outcome.article == article
    assert article.text == article_data.text
    assert article.title == "Gipfel in Alaska"
    assert article.source == "Beispielzeitung"
    assert article.imported_by == admin_user
    assert article.content_hash == content_hash(article_data.text)


def test_article_import_splits_into_sentences_with_offsets_and_paragraphs(article):
    sentences = list(article.sentences.order_by("position"))
    assert [s.text for s in sentences] == [
        "Am 15. August traf Trump Putin.",
        "Es gab keine Erklärung.",
        "Der Krieg blieb Thema.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert all(article.text[s.start : s.end] == s.text for s in sentences)


def test_article_import_of_the_same_text_returns_the_existing_article(article, article_data):
    again = article_import(data=ArticleData(text=article_data.text, title="Other title"))
    assert not again.created
    assert again.article == article
    assert Article.objects.count() == 1
    assert Article.objects.get().title == "Gipfel in Alaska"
    assert Sentence.objects.count() == 3


def test_article_import_is_checked_by_the_database_invariant_at_commit(article):
    # Forces the deferred invariant trigger to run now, as it does at commit.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert article.sentences.count() == 3


@pytest.mark.django_db(transaction=True)
def test_article_import_commits_an_article_that_satisfies_the_invariant(article_data):
    outcome = article_import(data=article_data)
    assert Article.objects.filter(pk=outcome.article.pk, sentences__position=2).exists()


WORDS = st.sampled_from(
    [
        "Am",
        "15.",
        "August",
        "z. B.",
        "Dr.",
        "»Ja.«",
        "„Nein!“",
        "(Anchorage,",
        "15.8.2025)",
        "–",
        "…",
        "usw.",
        "Putin",
        "sagte:",
        "Nr.",
        "5",
        "?",
        "\n",
        "\n\n",
        " ",
        "\t",
        "\u00a0",
        "ä",
        "<b>",
    ]
)


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(WORDS, min_size=1, max_size=40).map(" ".join))
def test_any_imported_text_satisfies_the_database_invariant(text):
    from annotations.importing import InvalidImport, parse_plain_text

    try:
        data = parse_plain_text(text, max_bytes=10_000)
    except InvalidImport:
        return  # blank after normalisation: refused before it reaches the database
    article = article_import(data=data).article
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the commit-time checks, now
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    sentences = list(article.sentences.order_by("position"))
    covered = "".join(s.text for s in sentences)
    assert all(article.text[s.start : s.end] == s.text for s in sentences)
    assert "".join(covered.split()) == "".join(article.text.split())
