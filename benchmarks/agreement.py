"""Benchmark of agreement, the adjudication page and the gold export at 100,000 sentences.

Creates its own database (``factcheck_bench_agreement`` on the server of DATABASE_URL, or on the
embedded server when DATABASE_URL is unset), migrates it and fills it with bulk SQL: 2,000
articles of 50 sentences, each sentence reviewed by 3 of 6 reviewers (claims with whole-sentence,
partial and discontinuous spans, and "no claim" marks, with a share of disagreement), plus one
article of 300 sentences reviewed by all of 5 other reviewers. Then it measures:

- compute_s: CPU seconds of ``annotations.agreement.agreement_report`` over every review (1,000
  bootstrap resamples) in this one process, i.e. on one core (the wall time is printed too; on
  a machine shared with other work it is longer); read_s is the time to load the reviews;
- queue_page_ms and queue_queries: the adjudication workspace of the 300-sentence article with
  every sentence listed (``?all=1``; the page opens with its first chunk of 100 and loads the
  rest as the curator reaches it), rendered for a curator through Django's test client, best
  of five; the query count must equal that of a 30-sentence article (constant in the size);
- gold_rows_per_s: ``GET /api/export/gold.jsonl`` read in process, against the rate of
  ``COPY (the same query) TO STDOUT`` read by psycopg (ratio; best of two each).

Run from the repo root:

    .venv/bin/python benchmarks/agreement.py [--articles 2000] [--keep]

The last line is the summary; the exit status is non-zero when a target is missed.
"""

import argparse
import os
import secrets
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from export import (  # noqa: E402  (the export benchmark's database helpers)
    _connect,
    _migrate,
    _server_database_url,
    _with_database,
)

BENCH_DATABASE = "factcheck_bench_agreement"
SENTENCES_PER_ARTICLE = 50
POOL = 6  # reviewers sharing the 100,000 sentences, three per sentence
PAGE_SENTENCES = 300
PAGE_REVIEWERS = 5
TARGETS = {"compute_s": 10.0, "queue_page_ms": 150.0, "ratio": 0.5}

FILL_SQL = (
    """
INSERT INTO annotations_article (id, title, source, url, author, language, text, content_hash,
                                 imported_at, metadata)
SELECT a, 'Artikel ' || a, 'Beispielzeitung', '', '', 'de', t.text,
       encode(sha256(convert_to(t.text, 'UTF8')), 'hex'), now(), '{}'
FROM generate_series(1, %(articles)s + 2) AS a
CROSS JOIN LATERAL (
    SELECT string_agg('Satz ' || p || ' in ' || a || ': Die Lage sei „ernst“ 🙂.', ' '
                      ORDER BY p) AS text
    FROM generate_series(0, CASE WHEN a > %(articles)s THEN
        CASE WHEN a = %(articles)s + 1 THEN %(page)s ELSE 30 END
        ELSE %(per)s END - 1) AS p
) AS t
""",
    """
INSERT INTO annotations_sentence (article_id, position, start, "end", text, paragraph)
SELECT a.id, p, s.start, s.start + length(s.text), s.text, 0
FROM annotations_article a
CROSS JOIN LATERAL generate_series(0, CASE WHEN a.id > %(articles)s THEN
    CASE WHEN a.id = %(articles)s + 1 THEN %(page)s ELSE 30 END ELSE %(per)s END - 1) AS p
CROSS JOIN LATERAL (
    SELECT 'Satz ' || p || ' in ' || a.id || ': Die Lage sei „ernst“ 🙂.' AS text,
           (SELECT coalesce(sum(length('Satz ' || q || ' in ' || a.id
                                       || ': Die Lage sei „ernst“ 🙂.') + 1), 0)
            FROM generate_series(0, p - 1) AS q)::integer AS start
) AS s
""",
    # Who reviews what: three of the pool per sentence, everyone on the two extra articles.
    """
CREATE TEMPORARY TABLE bench_review ON COMMIT DROP AS
SELECT s.id AS sentence_id, s."end" - s.start AS length, r.reviewer_id, s.id %% 7 AS kind
FROM annotations_sentence s
CROSS JOIN LATERAL (
    SELECT reviewer_id FROM unnest(
        CASE WHEN s.article_id > %(articles)s THEN %(page_reviewers)s::integer[]
             ELSE ARRAY[(%(pool)s::integer[])[1 + s.id %% 6],
                        (%(pool)s::integer[])[1 + (s.id + 2) %% 6],
                        (%(pool)s::integer[])[1 + (s.id + 4) %% 6]] END
    ) AS reviewer_id
) AS r
""",
    # kind 0-1: everyone "no claim"; 2-3: everyone the same whole-sentence claim; 4: the same
    # label on slightly different words; 5: different labels; 6: a discontinuous claim by some.
    """
INSERT INTO annotations_noclaimmark (sentence_id, reviewer_id, created_at)
SELECT sentence_id, reviewer_id, now() FROM bench_review
WHERE kind < 2 OR (kind = 6 AND reviewer_id %% 2 = 0)
""",
    """
INSERT INTO annotations_annotation (sentence_id, reviewer_id, label_id, spans, attributed_to,
                                    note, created_at, updated_at, revision)
SELECT sentence_id, reviewer_id,
       CASE WHEN kind = 5 THEN (%(labels)s::integer[])[1 + reviewer_id %% 3]
            ELSE (%(labels)s::integer[])[1 + sentence_id %% 3] END,
       CASE WHEN kind IN (2, 3, 5) THEN '[]'::jsonb
            WHEN kind = 4 THEN jsonb_build_array(jsonb_build_array(0, 10 + reviewer_id %% 3))
            ELSE jsonb_build_array(jsonb_build_array(0, 4), jsonb_build_array(8, length - 1)) END,
       '', '', now(), now(), 1
FROM bench_review
WHERE kind BETWEEN 2 AND 5 OR (kind = 6 AND reviewer_id %% 2 = 1)
""",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="Articles of 50 sentences.")
    parser.add_argument("--keep", action="store_true", help="Keep and reuse the database.")
    args = parser.parse_args()
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    server_url = _server_database_url()
    bench_url = _with_database(server_url, BENCH_DATABASE)
    os.environ.update(
        DATABASE_URL=bench_url,
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(32),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
    )
    import warnings

    import django

    # WhiteNoise warns that collectstatic has not run; the benchmark serves no static files.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.conf import settings

    # Hashed static names need collectstatic, which a benchmark has no reason to run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if not (args.keep and _filled(server_url, args.articles)):
        _recreate(server_url)
        started = time.perf_counter()
        _migrate()
        _fill(args.articles)
        print(f"filled {BENCH_DATABASE} in {time.perf_counter() - started:.1f} s")
    try:
        return _measure(args.articles, bench_url)
    finally:
        if not args.keep:
            _drop(server_url)


def _filled(server_url: str, articles: int) -> bool:
    import psycopg

    try:
        with _connect(_with_database(server_url, BENCH_DATABASE)) as conn:
            count = (conn.execute("SELECT count(*) FROM annotations_article").fetchone() or [0])[0]
            gold = (conn.execute("SELECT count(*) FROM annotations_goldpending").fetchone() or [0])[
                0
            ]
    except psycopg.Error:
        return False
    return count == articles + 2 and gold == 0


def _recreate(server_url: str) -> None:
    _drop(server_url)
    with _connect(_with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')


def _drop(server_url: str) -> None:
    from django.db import connections

    connections.close_all()
    with _connect(_with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')


def _fill(articles: int) -> None:
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from annotations.models import Label
    from annotations.permissions import CURATOR, REVIEWER
    from annotations.services import gold_queue_all, gold_refresh, reviewer_create

    people = [
        reviewer_create(username=f"reviewer{n}", role=REVIEWER, actor=None).pk
        for n in range(1, POOL + PAGE_REVIEWERS + 1)
    ]
    curator = reviewer_create(username="curator", role=REVIEWER, actor=None)
    curator.groups.set([Group.objects.get(name=CURATOR)])
    labels = list(Label.objects.order_by("order").values_list("pk", flat=True))[:3]
    params: dict = {
        "articles": articles,
        "per": SENTENCES_PER_ARTICLE,
        "page": PAGE_SENTENCES,
        "pool": people[:POOL],
        "page_reviewers": people[POOL:],
        "labels": labels,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        # The per-row triggers (history, claim/no-claim exclusion locks: one lock per row in
        # one transaction exhausts the lock table) would dominate; the rows made here are
        # valid by construction. Switching triggers off needs a superuser; others get a
        # slower fill in the same transaction, which may need a larger max_locks_per_transaction.
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
        for statement in FILL_SQL:
            cursor.execute(statement, params)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    gold_queue_all()  # the queueing triggers were off too
    started = time.perf_counter()
    gold_refresh()
    print(f"gold refresh of every sentence: {time.perf_counter() - started:.1f} s")


def _measure(articles: int, bench_url: str) -> int:
    import resource

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from annotations.agreement import agreement_report
    from annotations.models import Label, Sentence
    from annotations.selectors.agreement import AgreementFilters, agreement_reviews
    from annotations.selectors.gold_export import GoldExportFilters, gold_jsonl_query

    started = time.perf_counter()
    reviews = agreement_reviews(AgreementFilters())
    read_s = time.perf_counter() - started
    labels = list(Label.objects.values_list("slug", flat=True))
    cpu = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    started = time.perf_counter()
    report = agreement_report(reviews, labels=labels, bootstrap=1000)
    compute_s = time.perf_counter() - started
    cpu_s = resource.getrusage(resource.RUSAGE_SELF).ru_utime - cpu
    sentences = report.units
    per_sentence = len(reviews) / max(sentences, 1)
    print(
        f"agreement over {sentences:,} sentences ({per_sentence:.1f} reviews each): "
        f"read {read_s:.2f} s, compute {compute_s:.2f} s ({cpu_s:.2f} s CPU), "
        f"α = {report.overall.alpha:.3f} {report.overall.interval}"
    )

    client = Client()
    client.force_login(get_user_model().objects.get(username="curator"))
    page_ms, queries = _page(client, articles + 1)
    _small_ms, small_queries = _page(client, articles + 2)
    shown = Sentence.objects.filter(article_id=articles + 1).count()
    print(
        f"adjudication page, {shown} sentences × {PAGE_REVIEWERS} reviewers: {page_ms:.0f} ms, "
        f"{queries} queries (30 sentences: {small_queries})"
    )

    query = gold_jsonl_query(GoldExportFilters())
    copy_rate = max(_copy_rate(connection, query) for _ in range(2))
    export_rate = max(_export_rate(client) for _ in range(2))
    ratio = export_rate / copy_rate
    print(f"gold export: {export_rate:,.0f} rows/s; COPY of the same query {copy_rate:,.0f} rows/s")

    missed = []
    if cpu_s > TARGETS["compute_s"]:
        missed.append(f"compute_s {cpu_s:.2f} > {TARGETS['compute_s']}")
    if page_ms > TARGETS["queue_page_ms"]:
        missed.append(f"queue_page_ms {page_ms:.0f} > {TARGETS['queue_page_ms']}")
    if queries != small_queries:
        missed.append(f"queue_queries {queries} != {small_queries} (not constant)")
    if ratio < TARGETS["ratio"]:
        missed.append(f"ratio {ratio:.2f} < {TARGETS['ratio']}")
    for line in missed:
        print(f"MISSED: {line}")
    print(
        f"agreement: sentences={sentences} reviewers={round(per_sentence)} "
        f"compute_s={cpu_s:.2f} queue_page_ms={page_ms:.0f} queue_queries={queries} "
        f"gold_rows_per_s={export_rate:.0f} ratio={ratio:.2f}"
    )
    return 1 if missed else 0


def _page(client, article_id: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/adjudication/articles/{article_id}/?all=1"
    assert client.get(url).status_code == 200
    best = float("inf")
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        best = min(best, elapsed)
    # The session and user lookups of the test client are part of every page; count them too.
    return best, len(captured)


def _copy_rate(connection, query) -> float:
    connection.ensure_connection()
    raw = connection.connection
    started = time.perf_counter()
    rows = 0
    with raw.cursor() as cursor, cursor.copy(query.copy_statement(), query.params) as copy:
        for _row in copy:
            rows += 1
    raw.rollback()
    return rows / (time.perf_counter() - started)


def _export_rate(client) -> float:
    started = time.perf_counter()
    response = client.get("/api/export/gold.jsonl")
    assert response.status_code == 200, response.status_code
    rows = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    return rows / (time.perf_counter() - started)


if __name__ == "__main__":
    sys.exit(main())
