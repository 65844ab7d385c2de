"""Writes for importing many articles at once: batches at database speed, per-record outcomes.

Each batch is one transaction: one query finds the texts already stored, one multi-row INSERT
stores the new articles (``ON CONFLICT DO NOTHING`` settles a race with a concurrent import as a
duplicate), and one COPY stores all their sentences; the sentence invariant is checked at commit,
once per article. A batch the database refuses as a whole is retried one article at a time, so
one bad record is reported and the others are still stored. The command line and the bulk API
call :func:`articles_import_bulk`; a queued task can call it the same way.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import psycopg
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction

from annotations.importing import ArticleData
from annotations.segmentation import number_paragraphs, split_sentences
from annotations.services.articles import article_import

BATCH_SIZE = 1000


@dataclass(frozen=True)
class BulkRecord:
    """One article to import; ``origin`` says where it came from (file and line, or index)."""

    origin: str
    data: ArticleData


@dataclass(frozen=True)
class BulkOutcome:
    origin: str
    article_id: int | None
    sentence_count: int = 0
    error: str = ""


@dataclass
class BulkImportReport:
    imported: list[BulkOutcome] = field(default_factory=list)
    duplicates: list[BulkOutcome] = field(default_factory=list)
    failed: list[BulkOutcome] = field(default_factory=list)


@dataclass(frozen=True)
class _Prepared:
    record: BulkRecord
    content_hash: str
    spans: list[tuple[int, int]]
    paragraphs: list[int]


def articles_import_bulk(
    *,
    records: Iterable[BulkRecord],
    imported_by: User | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[BulkImportReport, int], None] | None = None,
) -> BulkImportReport:
    """Store every new article of ``records`` with its sentences; report each record's outcome.

    A text already stored, or given twice, is a duplicate naming the article that holds it.
    ``on_batch(report, done)`` is called after each batch (for progress bars).
    """
    report = BulkImportReport()
    done = 0
    iterator = iter(records)
    while batch := list(islice(iterator, batch_size)):
        _import_batch(batch, imported_by, report)
        done += len(batch)
        if on_batch is not None:
            on_batch(report, done)
    return report


def _import_batch(
    batch: list[BulkRecord], imported_by: User | None, report: BulkImportReport
) -> None:
    by_hash: dict[str, _Prepared] = {}
    repeated: list[tuple[BulkRecord, str]] = []
    for record in batch:
        content_hash = record.data.content_hash
        if content_hash in by_hash:
            repeated.append((record, content_hash))
            continue
        spans = split_sentences(record.data.text, record.data.language)
        by_hash[content_hash] = _Prepared(
            record, content_hash, spans, number_paragraphs(record.data.text, spans)
        )
    stored = _existing_articles(list(by_hash))
    fresh = [prepared for key, prepared in by_hash.items() if key not in stored]
    try:
        with transaction.atomic():
            created = _insert_articles(fresh, imported_by)
            _copy_sentences([p for p in fresh if p.content_hash in created], created)
    except (DatabaseError, psycopg.Error):
        # Something in this batch breaks a database rule: find it by storing one at a time.
        created = _import_one_by_one(fresh, imported_by, report)
    else:
        for prepared in fresh:
            if prepared.content_hash in created:
                report.imported.append(
                    BulkOutcome(
                        prepared.record.origin,
                        created[prepared.content_hash],
                        len(prepared.spans),
                    )
                )
    raced = [p.content_hash for p in fresh if p.content_hash not in created]
    stored.update(_existing_articles(raced) if raced else {})
    stored.update(created)
    for prepared in by_hash.values():
        if prepared.content_hash not in created and prepared.content_hash in stored:
            report.duplicates.append(
                BulkOutcome(prepared.record.origin, stored[prepared.content_hash])
            )
    for record, content_hash in repeated:
        report.duplicates.append(BulkOutcome(record.origin, stored.get(content_hash)))


def _existing_articles(hashes: list[str]) -> dict[str, int]:
    if not hashes:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content_hash, id FROM annotations_article WHERE content_hash = ANY(%s)",
            [hashes],
        )
        return dict(cursor.fetchall())


def _insert_articles(fresh: list[_Prepared], imported_by: User | None) -> dict[str, int]:
    """One INSERT for the batch's new articles; returns content hash -> id of those stored."""
    if not fresh:
        return {}
    columns = _columns(fresh)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO annotations_article
                (title, source, url, author, published_on, language, text, content_hash,
                 metadata, imported_by_id, imported_at)
            SELECT title, source, url, author, published_on, language, text, content_hash,
                   metadata::jsonb, %s, now()
            FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::date[], %s::text[],
                        %s::text[], %s::text[], %s::text[])
                AS batch(title, source, url, author, published_on, language, text,
                         content_hash, metadata)
            ON CONFLICT (content_hash) DO NOTHING
            RETURNING content_hash, id
            """,
            [imported_by.pk if imported_by is not None else None, *columns],
        )
        return dict(cursor.fetchall())


def _columns(fresh: list[_Prepared]) -> list[list]:
    rows = [p.record.data for p in fresh]
    return [
        [a.title for a in rows],
        [a.source for a in rows],
        [a.url for a in rows],
        [a.author for a in rows],
        [a.published_on for a in rows],
        [a.language for a in rows],
        [a.text for a in rows],
        [p.content_hash for p in fresh],
        [json.dumps(a.metadata) for a in rows],
    ]


def _copy_sentences(fresh: list[_Prepared], ids: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        copy_sql = (
            'COPY annotations_sentence (article_id, position, start, "end", text, paragraph) '
            "FROM STDIN"
        )
        with cursor.copy(copy_sql) as copy:
            for row in _sentence_rows(fresh, ids):
                copy.write_row(row)


def _sentence_rows(fresh: list[_Prepared], ids: dict[str, int]) -> Iterator[tuple]:
    for prepared in fresh:
        article_id = ids[prepared.content_hash]
        text = prepared.record.data.text
        for position, ((start, end), paragraph) in enumerate(
            zip(prepared.spans, prepared.paragraphs, strict=True)
        ):
            yield (article_id, position, start, end, text[start:end], paragraph)


def _import_one_by_one(
    fresh: list[_Prepared], imported_by: User | None, report: BulkImportReport
) -> dict[str, int]:
    created: dict[str, int] = {}
    for prepared in fresh:
        try:
            outcome = article_import(data=prepared.record.data, imported_by=imported_by)
        except (DatabaseError, psycopg.Error) as error:
            message = str(error).strip().splitlines()[0]
            report.failed.append(BulkOutcome(prepared.record.origin, None, error=message))
            continue
        if outcome.created:
            created[prepared.content_hash] = outcome.article.pk
            report.imported.append(
                BulkOutcome(prepared.record.origin, outcome.article.pk, len(prepared.spans))
            )
    return created
