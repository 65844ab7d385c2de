"""The database's sentence invariant holds for non-ASCII text and stays linear in article length."""

import pytest
from django.db import IntegrityError, connection

from annotations.importing import ArticleData
from annotations.models import Article, Sentence
from annotations.services import article_import

pytestmark = pytest.mark.django_db


def check_now() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def store(text: str, spans: list[tuple[int, int]]) -> Article:
    article = Article.objects.create(text=text, content_hash="0" * 64)
    Sentence.objects.bulk_create(
        Sentence(article=article, position=n, start=s, end=e, text=text[s:e], paragraph=0)
        for n, (s, e) in enumerate(spans)
    )
    return article


# Blanks of one, two and three UTF-8 bytes between sentences full of emoji, flags and marks.
TEXT = "😀 Eins 🇩🇪.\u00a0\u3000Zwe\u0301i.\u2028 \u200aDrei 👩‍👩‍👧."


def spans_of(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    spans, at = [], 0
    for sentence in sentences:
        start = text.index(sentence, at)
        spans.append((start, start + len(sentence)))
        at = start + len(sentence)
    return spans


def test_sentences_after_emoji_and_multibyte_blanks_are_accepted():
    store(TEXT, spans_of(TEXT, ["😀 Eins 🇩🇪.", "Zwe\u0301i.", "Drei 👩‍👩‍👧."]))
    check_now()


def test_a_non_blank_multibyte_character_between_sentences_is_refused():
    text = "Eins.é Zwei."
    store(text, [(0, 5), (7, 12)])
    with pytest.raises(IntegrityError, match="non-blank text before sentence 1"):
        check_now()


def test_a_sentence_one_character_off_after_an_emoji_is_refused():
    text = "😀 Eins. Zwei."
    article = Article.objects.create(text=text, content_hash="0" * 64)
    Sentence.objects.bulk_create(
        [
            Sentence(article=article, position=0, start=0, end=7, text=text[0:7], paragraph=0),
            # Offsets say "Zwei." but the stored text is what a UTF-16 count would have cut.
            Sentence(article=article, position=1, start=8, end=13, text=" Zwei", paragraph=0),
        ]
    )
    with pytest.raises(IntegrityError, match="sentence 1 differs from the article text"):
        check_now()


def test_trailing_text_outside_every_sentence_is_refused_after_multibyte_text():
    text = "Eins 🇩🇪. Rest"
    store(text, [(0, 8)])
    with pytest.raises(IntegrityError, match="after the last sentence"):
        check_now()


def test_a_ten_thousand_sentence_article_is_checked_once_in_one_pass():
    text = " ".join(f"Satz {n} über Ä 😀 ist hier." for n in range(10_000))
    with connection.cursor() as cursor:
        cursor.execute("SET track_functions = 'pl'")
        # 0002's check needed minutes for this; a linear pass needs a fraction of a second.
        cursor.execute("SET LOCAL statement_timeout = '30s'")
        article = article_import(data=ArticleData(text=text)).article
        check_now()
        cursor.execute(
            "SELECT calls FROM pg_stat_xact_user_functions"
            " WHERE funcname = 'annotations_check_article_sentences'"
        )
        assert cursor.fetchone()[0] == 1
        cursor.execute("SET LOCAL statement_timeout = 0")
    assert article.sentences.count() == 10_000
