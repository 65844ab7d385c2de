"""Benchmark of factcheck at newsroom scale against its targets.

On PostgreSQL (DATABASE_URL, or the embedded server when unset), in a throw-away test database,
through the real import command and Django's test client:

- import_articles_per_s: ``import_articles`` on 10,000 short articles (ten JSON Lines files), with
  segmentation; the per-article path (one transaction per article) is measured on 1,000 for
  comparison. Target >= 2,000 articles/s.
- import_10k_sentences_s: one article of 10,000 sentences through the import service (the API's
  path). Target <= 2 s.
- queue_ms_10k_articles / queue_ms_100k_articles: a reviewer's queue page (median), at 10,000
  and at 100,000 articles (the other 90,000 built in bulk with generate_series, ten sentences
  each). Targets <= 150 ms each and within 1.5x of each other.
- team_ms_100k_articles: the admins' team page with 1,000 reviewers who have claims and marks.
  Target <= 150 ms.
- admin_workspace_ms_long_history: an admin opens an article whose two reviewers have 10,000
  claims and 10,000 "no claim" marks each elsewhere. Target <= 150 ms.
- workspace_ms_10k_sentences: the 10,000-sentence article's workspace, first chunk. Target <= 150.

Run from the repo root:  .venv/bin/python benchmarks/scale.py
The last line is a one-line summary; the exit status is non-zero when a target is missed.
"""

import io
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("LOGIN_RATE_LIMIT", "0")
warnings.filterwarnings("ignore", message="No directory at")

from factcheck import embedded_database  # noqa: E402

embedded_database.use_unless_configured()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

TARGETS = {
    "import_articles_per_s": (">=", 2000),
    "import_10k_sentences_s": ("<=", 2.0),
    "queue_ms_10k_articles": ("<=", 150),
    "queue_ms_100k_articles": ("<=", 150),
    "team_ms_100k_articles": ("<=", 150),
    "admin_workspace_ms_long_history": ("<=", 150),
    "workspace_ms_10k_sentences": ("<=", 150),
}
REVIEWERS = 1000
BULK_ARTICLES = 90_000
SENTENCES_PER_BULK_ARTICLE = 10


def short_articles(count: int, prefix: str) -> list[dict]:
    return [
        {
            "title": f"{prefix} {n}",
            "source": "Beispielzeitung",
            "text": (
                f"Die Regierung in Berlin stellte am Montag den Plan Nummer {n} vor. "
                f"Kritiker sprachen von einem Fehler ({prefix}). "
                "„Das ist faktisch verloren“, sagte der Sprecher."
            ),
        }
        for n in range(count)
    ]


def measure_import_command(count: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        # Files of 1,000 articles each: one file stays under the 2 MB import limit.
        articles = short_articles(count, "Meldung")
        for start in range(0, count, 1000):
            lines = (json.dumps(a, ensure_ascii=False) for a in articles[start : start + 1000])
            path = Path(folder) / f"articles-{start // 1000:02d}.jsonl"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        started = time.perf_counter()
        call_command("import_articles", folder, quiet=True, stdout=io.StringIO())
        return count / (time.perf_counter() - started)


def measure_per_article_path(count: int) -> float:
    from annotations.importing import parse_article_object
    from annotations.services import article_import

    items = [parse_article_object(a, max_bytes=10**6) for a in short_articles(count, "Einzeln")]
    started = time.perf_counter()
    for item in items:
        article_import(data=item)
    return count / (time.perf_counter() - started)


def import_long_article(sentences: int):
    from annotations.importing import ArticleData
    from annotations.services import article_import

    text = " ".join(
        f"Am {n % 28 + 1}. August sagte Sprecher {n} 😀, die Lage sei »ernst«."
        for n in range(sentences)
    )
    started = time.perf_counter()
    article = article_import(data=ArticleData(text=text, title="Sehr lang")).article
    return article, time.perf_counter() - started


def build_bulk_articles(count: int, first_id: int) -> None:
    """``count`` articles of ten sentences each, straight in SQL (generate_series)."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # triggers off: throw-away data
        cursor.execute(
            """
            INSERT INTO annotations_article
                (id, title, source, url, author, published_on, language, text, content_hash,
                 imported_at, metadata)
            SELECT n, 'Archiv ' || n, 'Archiv', '', '', date '2015-01-01' + (n %% 3000), 'de',
                   t.text, encode(sha256(convert_to(t.text, 'UTF8')), 'hex'), now(), '{}'
            FROM (
                SELECT n, string_agg('Satz ' || p || ' im Archivartikel ' || n || '.', ' '
                                     ORDER BY p) AS text
                FROM generate_series(%s, %s) n, generate_series(0, %s) p
                GROUP BY n
            ) t
            """,
            [first_id, first_id + count - 1, SENTENCES_PER_BULK_ARTICLE - 1],
        )
        cursor.execute(
            """
            INSERT INTO annotations_sentence (article_id, position, start, "end", text, paragraph)
            SELECT n, p, start, start + length(text), text, 0
            FROM (
                SELECT n, p, text,
                       coalesce(sum(length(text) + 1) OVER (
                           PARTITION BY n ORDER BY p
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS start
                FROM (
                    SELECT n, p, 'Satz ' || p || ' im Archivartikel ' || n || '.' AS text
                    FROM generate_series(%s, %s) n, generate_series(0, %s) p
                ) s
            ) t
            """,
            [first_id, first_id + count - 1, SENTENCES_PER_BULK_ARTICLE - 1],
        )
        cursor.execute("SET session_replication_role = origin")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('annotations_article', 'id'),"
            " (SELECT max(id) FROM annotations_article))"
        )
        cursor.execute("ANALYZE")


def build_reviewers(count: int) -> list[int]:
    group = Group.objects.get(name="Reviewer")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO auth_user (password, is_superuser, username, first_name, last_name,
                                   email, is_staff, is_active, date_joined)
            SELECT '!', false, 'reviewer' || n, '', '', '', false, true, now()
            FROM generate_series(1, %s) n
            RETURNING id
            """,
            [count],
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "INSERT INTO auth_user_groups (user_id, group_id) SELECT unnest(%s::int[]), %s",
            [ids, group.pk],
        )
    return ids


def build_work(reviewer_ids: list[int], each: int, first_article: int) -> None:
    """``each`` claims (even sentences) and ``each`` "no claim" marks (odd sentences) per
    reviewer on the bulk articles, five of each per article, in SQL."""
    from annotations.models import Label

    params: dict[str, Any] = {
        "ids": reviewer_ids,
        "each": each,
        "label": Label.objects.order_by("order")[0].pk,
        "first": first_article,
        "articles": BULK_ARTICLES,
    }
    spread = """
        FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rank
              FROM auth_user WHERE id = ANY(%(ids)s)) people
        CROSS JOIN generate_series(0, %(each)s - 1) k
        JOIN annotations_sentence s
          ON s.article_id = %(first)s + (people.rank * %(each)s / 5 + k / 5) %% %(articles)s
         AND s.position = (k %% 5) * 2 + {parity}
    """
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            """
            INSERT INTO annotations_annotation (spans, attributed_to, note, created_at,
                updated_at, revision, reviewer_id, sentence_id, label_id)
            SELECT '[]', '', '', now() - k * interval '1 minute', now() - k * interval '1 minute',
                   1, people.id, s.id, %(label)s
            """
            + spread.format(parity=0),
            params,
        )
        cursor.execute(
            """
            INSERT INTO annotations_noclaimmark (sentence_id, reviewer_id, created_at)
            SELECT s.id, people.id, now() - k * interval '1 minute'
            """
            + spread.format(parity=1),
            params,
        )
        cursor.execute("SET session_replication_role = origin")
        cursor.execute("ANALYZE")


def article_with_two_long_histories(first_article: int):
    """An article two reviewers worked on, each with 10,000 claims and marks elsewhere."""
    from annotations.importing import ArticleData
    from annotations.models import Label
    from annotations.services import annotation_create, article_import, sentence_mark_no_claim

    users = get_user_model().objects
    busy = []
    for name in ("otto", "paula"):
        user = users.create_user(name, password="benchmark password 1")
        user.groups.add(Group.objects.get(name="Reviewer"))
        busy.append(user)
    build_work([user.pk for user in busy], 10_000, first_article)
    text = " ".join(f"Satz {n} über den Gipfel in Alaska." for n in range(30))
    article = article_import(data=ArticleData(text=text, title="Gipfel")).article
    label = Label.objects.order_by("order")[0]
    for sentence in article.sentences.order_by("position"):
        annotation_create(sentence=sentence, reviewer=busy[sentence.position % 2], label=label)
        sentence_mark_no_claim(sentence=sentence, reviewer=busy[1 - sentence.position % 2])
    return article


def median_ms(client: Client, url: str, runs: int = 15) -> float:
    response = client.get(url)  # warm-up
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def main() -> int:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    figures: dict[str, float] = {}
    try:
        figures["import_articles_per_s"] = measure_import_command(10_000)
        per_article = measure_per_article_path(1_000)
        long_article, figures["import_10k_sentences_s"] = import_long_article(10_000)

        users = get_user_model().objects
        reviewer = users.create_user("rita", password="benchmark password 1")
        reviewer.groups.add(Group.objects.get(name="Reviewer"))
        admin = users.create_user("alice", password="benchmark password 1")
        admin.groups.add(Group.objects.get(name="Admin"))
        reviewer_client, admin_client = client_for(reviewer), client_for(admin)
        queue = reverse("article_list")
        figures["queue_ms_10k_articles"] = median_ms(reviewer_client, queue)

        first_bulk_id = 1_000_000
        build_bulk_articles(BULK_ARTICLES, first_bulk_id)
        build_work(build_reviewers(REVIEWERS), 50, first_bulk_id)
        figures["queue_ms_100k_articles"] = median_ms(reviewer_client, queue)
        figures["team_ms_100k_articles"] = median_ms(admin_client, reverse("team_reviewers"))
        shared = article_with_two_long_histories(first_bulk_id)
        figures["admin_workspace_ms_long_history"] = median_ms(
            admin_client, reverse("article_detail", args=[shared.pk])
        )
        figures["workspace_ms_10k_sentences"] = median_ms(
            reviewer_client, reverse("article_detail", args=[long_article.pk])
        )
    finally:
        connection.creation.destroy_test_db(test_database, verbosity=0)

    print(f"import_articles (batches): {figures['import_articles_per_s']:.0f} articles/s")
    print(f"per-article path:          {per_article:.0f} articles/s")
    failed = False
    for name, (direction, target) in TARGETS.items():
        value = figures[name]
        met = value >= target if direction == ">=" else value <= target
        failed |= not met
        ratio = value / target
        print(
            f"target {name} {direction} {target}: {'met' if met else 'MISSED'} (ratio {ratio:.2f})"
        )
    spread = figures["queue_ms_100k_articles"] / figures["queue_ms_10k_articles"]
    failed |= spread > 1.5
    verdict = "met" if spread <= 1.5 else "MISSED"
    print(f"target queue 100k within 1.5x of 10k: {verdict} ({spread:.2f}x)")
    print(
        "scale: "
        + " ".join(
            f"{name}={figures[name]:.2f}" if name.endswith("_s") else f"{name}={figures[name]:.0f}"
            for name in TARGETS
        )
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
