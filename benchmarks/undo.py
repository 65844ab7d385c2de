"""Benchmark of undo: its cost must not grow with the size of all history.

A reviewer labels a sentence and presses u, many times, through Django's test client on
PostgreSQL (DATABASE_URL, or the embedded server when unset), in a throw-away test database:
first with an empty history, then after 500,000 other history contexts and undo log entries
(other reviewers and articles, and the reviewer's own long-undone actions) were added.
Undo finds its action with one probe of a partial index on the undo log, so the two medians
must stay within a small factor of each other.

Run from the repo root:  .venv/bin/python benchmarks/undo.py [--history 500000] [--undos 100]
The last line is a one-line summary; the exit status is non-zero when a target is missed.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

# Undo p50 with a large history at most this many times the p50 with an empty one.
TARGETS = {"growth_ratio": 1.5, "undo_queries": 24}
HTMX = {"HX-Request": "true"}


def measure_undos(client: Client, article, undos: int) -> tuple[float, int]:
    sentences = list(article.sentences.order_by("position").values_list("pk", flat=True))
    undo_url = reverse("workspace_undo", args=[article.pk])
    timings, queries = [], 0
    for number in range(undos):
        url = reverse("claim_create", args=[sentences[number % len(sentences)]])
        assert client.post(url, {"label": "opinion"}, headers=HTMX).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(undo_url, headers=HTMX)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
        queries = max(queries, len(captured))
    return statistics.median(timings), queries


def add_history(size: int, *, reviewer, article, others: list, articles: list) -> None:
    """``size`` history contexts, each with an undo log entry, most of other people's work."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO pghistory_context (id, created_at, updated_at, metadata)
            SELECT md5('bench' || n)::uuid, now(), now(),
                   jsonb_build_object('user', %s::bigint, 'workspace_action', 'claim.create',
                                      'workspace_article', %s::bigint, 'workspace_sequence', n)
            FROM generate_series(1, %s) AS n
            """,
            [reviewer.pk, article.pk, size],
        )
        cursor.execute(
            """
            INSERT INTO annotations_workspaceaction
                (reviewer_id, article_id, name, context_id, created_at, undone_at, outcome)
            SELECT CASE WHEN n %% 5 = 0 THEN %s ELSE (%s::bigint[])[1 + n %% %s] END,
                   CASE WHEN n %% 5 = 0 THEN %s ELSE (%s::bigint[])[1 + n %% %s] END,
                   'claim.create', md5('bench' || n)::uuid, now(),
                   CASE WHEN n %% 5 = 0 OR n %% 2 = 0 THEN now() END,
                   CASE WHEN n %% 5 = 0 OR n %% 2 = 0 THEN 'undone' ELSE '' END
            FROM generate_series(1, %s) AS n
            """,
            [
                reviewer.pk,
                [user.pk for user in others],
                len(others),
                article.pk,
                [item.pk for item in articles],
                len(articles),
                size,
            ],
        )
        cursor.execute("ANALYZE pghistory_context; ANALYZE annotations_workspaceaction")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--history", type=int, default=500_000)
    parser.add_argument("--undos", type=int, default=100)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from annotations.importing import ArticleData
        from annotations.services import article_import

        users = get_user_model().objects
        reviewer = users.create_user("rita", password="benchmark password 1")
        reviewer.groups.add(Group.objects.get(name="Reviewer"))
        others = [users.create_user(f"r{n}", password="benchmark password 1") for n in range(20)]
        text = " ".join(f"Satz Nummer {n} sagt etwas." for n in range(30))
        articles = [
            article_import(data=ArticleData(text=f"{text} Ausgabe {n}.")).article for n in range(5)
        ]
        article = articles[0]
        client = Client()
        client.force_login(reviewer)
        measure_undos(client, article, 5)  # warm-up
        empty_ms, empty_queries = measure_undos(client, article, args.undos)
        started = time.perf_counter()
        add_history(
            args.history, reviewer=reviewer, article=article, others=others, articles=articles[1:]
        )
        fill_s = time.perf_counter() - started
        large_ms, large_queries = measure_undos(client, article, args.undos)
    finally:
        connection.creation.destroy_test_db(test_database, verbosity=0)

    ratio = large_ms / empty_ms
    queries = max(empty_queries, large_queries)
    print(f"undo, empty history:              p50 {empty_ms:.1f} ms, {empty_queries} queries")
    print(
        f"undo, {args.history} more contexts: p50 {large_ms:.1f} ms, {large_queries} queries "
        f"(history added in {fill_s:.0f} s)"
    )
    failed = False
    for name, value in (("growth_ratio", ratio), ("undo_queries", queries)):
        met = value <= TARGETS[name]
        failed |= not met
        print(
            f"target {name} <= {TARGETS[name]}: {'met' if met else 'MISSED'} "
            f"(ratio {value / TARGETS[name]:.2f})"
        )
    print(
        f"undo: history={args.history} empty_p50_ms={empty_ms:.1f} large_p50_ms={large_ms:.1f} "
        f"growth_ratio={ratio:.2f} undo_queries={queries}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
