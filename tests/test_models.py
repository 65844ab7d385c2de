"""The database enforces the article/sentence invariant, whoever writes the rows."""

import pytest
from django.db import IntegrityError, connection, transaction

from annotations.models import Article, Sentence

pytestmark = pytest.mark.django_db


def check_now() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_sentence_text_must_equal_the_article_text_at_its_offsets(article):
    sentence = article.sentences.get(position=0)
    Sentence.objects.filter(pk=sentence.pk).update(text="Am 15. August traf Biden Putin.")
    with pytest.raises(IntegrityError, match="differs from the article text"):
        check_now()


def test_sentence_text_length_must_match_its_span(article):
    sentence = article.sentences.get(position=0)
    with pytest.raises(IntegrityError, match="annotations_sentence_text_matches_span_length"):
        Sentence.objects.filter(pk=sentence.pk).update(text="kurz")


def test_sentences_of_an_article_cannot_overlap(article):
    first = article.sentences.get(position=0)
    with pytest.raises(IntegrityError, match="annotations_sentence_no_overlap"):
        Sentence.objects.create(
            article=article,
            position=99,
            start=first.start + 1,
            end=first.start + 3,
            text=article.text[first.start + 1 : first.start + 3],
            paragraph=0,
        )


def test_sentence_must_not_be_empty(article):
    with pytest.raises(IntegrityError, match="annotations_sentence_start_before_end"):
        Sentence.objects.filter(article=article, position=2).update(start=80, end=80, text="")


def test_every_non_blank_character_must_be_in_a_sentence(article):
    article.sentences.filter(position=1).delete()
    article.sentences.filter(position=2).update(position=1)
    with pytest.raises(IntegrityError, match="non-blank text before sentence 1"):
        check_now()


def test_text_after_the_last_sentence_must_be_blank(article):
    article.sentences.filter(position=2).delete()
    with pytest.raises(IntegrityError, match="non-blank text after the last sentence"):
        check_now()


def test_positions_must_follow_reading_order(article):
    Sentence.objects.filter(article=article, position=0).update(position=10)
    with pytest.raises(IntegrityError, match=r"positions must be 0\.\.n-1"):
        check_now()


def test_sentences_out_of_reading_order_are_refused(article):
    with transaction.atomic():
        Sentence.objects.filter(article=article, position=0).update(position=100)
        Sentence.objects.filter(article=article, position=1).update(position=0)
        Sentence.objects.filter(article=article, position=100).update(position=1)
    with pytest.raises(IntegrityError, match=r"article \d+: "):
        check_now()


def test_changing_article_text_under_its_sentences_is_refused(article):
    Article.objects.filter(pk=article.pk).update(text=article.text.replace("Trump", "Biden"))
    with pytest.raises(IntegrityError, match="differs from the article text"):
        check_now()


def test_article_text_must_not_be_empty():
    with pytest.raises(IntegrityError, match="annotations_article_text_not_empty"):
        Article.objects.create(text="", content_hash="0" * 64)


def test_same_content_hash_cannot_be_stored_twice(article):
    with pytest.raises(IntegrityError, match="annotations_article_content_hash_unique"):
        Article.objects.create(text="x", content_hash=article.content_hash)


def test_article_language_must_be_supported():
    with pytest.raises(IntegrityError, match="annotations_article_language_valid"):
        Article.objects.create(text="x", content_hash="1" * 64, language="xx")
