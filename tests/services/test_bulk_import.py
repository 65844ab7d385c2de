"""Importing many articles at once: batches, duplicates, bad records and the database's rules."""

import pytest
from django.db import connection

from annotations.importing import ArticleData
from annotations.models import Article, Sentence
from annotations.services import BulkRecord, article_import, articles_import_bulk

pytestmark = pytest.mark.django_db


def records(count: int, start: int = 0) -> list[BulkRecord]:
    return [
        BulkRecord(
            origin=f"batch.jsonl line {n + 1}",
            data=ArticleData(
                text=f"Der Minister sprach am Montag {n}. „Das ist faktisch verloren“, sagte er.",
                title=f"Artikel {n}",
                metadata={"n": n},
            ),
        )
        for n in range(start, start + count)
    ]


def test_bulk_import_stores_articles_with_their_sentences_as_the_single_path_does(admin_user):
    report = articles_import_bulk(records=records(3), imported_by=admin_user, batch_size=2)

    assert [o.origin for o in report.imported] == [f"batch.jsonl line {n}" for n in (1, 2, 3)]
    assert report.duplicates == report.failed == []
    bulk = Article.objects.get(pk=report.imported[0].article_id or 0)
    single = article_import(data=ArticleData(text=bulk.text + " Noch ein Satz.", title="t")).article
    assert list(bulk.sentences.values_list("text", flat=True)) == [
        "Der Minister sprach am Montag 0.",
        "„Das ist faktisch verloren“, sagte er.",
    ]
    assert (
        list(bulk.sentences.values_list("text", flat=True))
        == list(single.sentences.values_list("text", flat=True))[:2]
    )
    assert bulk.imported_by == admin_user
    assert bulk.metadata == {"n": 0}
    assert report.imported[0].sentence_count == 2


def test_bulk_import_reports_stored_and_repeated_texts_as_duplicates_and_changes_nothing():
    first = articles_import_bulk(records=records(2))
    before = list(Article.objects.values_list("id", "imported_at"))

    again = records(3)
    again.append(BulkRecord(origin="other.jsonl line 1", data=again[2].data))
    report = articles_import_bulk(records=again)

    assert [o.origin for o in report.imported] == ["batch.jsonl line 3"]
    assert {(o.origin, o.article_id) for o in report.duplicates} == {
        ("batch.jsonl line 1", first.imported[0].article_id),
        ("batch.jsonl line 2", first.imported[1].article_id),
        ("other.jsonl line 1", report.imported[0].article_id),
    }
    assert set(before) <= set(Article.objects.values_list("id", "imported_at"))
    assert Article.objects.count() == 3


def test_bulk_import_reports_a_record_the_database_refuses_and_stores_the_rest():
    batch = records(3)
    # A NUL cannot be stored in PostgreSQL text: the whole batch fails, then each is retried.
    batch[1] = BulkRecord(origin="bad.jsonl line 2", data=ArticleData(text="Kaputt\x00. Text."))
    report = articles_import_bulk(records=batch)

    assert [o.origin for o in report.failed] == ["bad.jsonl line 2"]
    assert "NUL" in report.failed[0].error
    assert [o.origin for o in report.imported] == ["batch.jsonl line 1", "batch.jsonl line 3"]
    assert Article.objects.count() == 2


def test_bulk_import_makes_the_same_few_queries_per_batch_however_many_articles(
    django_assert_max_num_queries,
):
    # Lookup, insert, copy (and the savepoint pair): never a query per article.
    with django_assert_max_num_queries(5):
        articles_import_bulk(records=records(500), batch_size=500)
    assert Sentence.objects.count() == 1000


def test_bulk_import_checks_each_article_once_and_keeps_one_session_setting():
    with connection.cursor() as cursor:
        cursor.execute("SET track_functions = 'pl'")
        articles_import_bulk(records=records(300), batch_size=300)
        # The checks run at commit; the test's transaction never commits, so fire them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT calls FROM pg_stat_xact_user_functions"
            " WHERE funcname = 'annotations_check_article_sentences'"
        )
        calls = cursor.fetchone()[0]
        # PostgreSQL keeps every setting name a session ever used: one per article would pile up.
        cursor.execute(
            "SELECT count(*) FROM annotations_article"
            " WHERE current_setting('annotations.checked_article_' || id, true) IS NOT NULL"
        )
        per_article_settings = cursor.fetchone()[0]
        cursor.execute("SELECT current_setting('annotations.sentences_checked', true)")
        fixed_setting = cursor.fetchone()[0]
    assert calls == 300
    assert per_article_settings == 0
    assert fixed_setting
