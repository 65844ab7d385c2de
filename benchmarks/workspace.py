"""Benchmark of the annotation workspace against its targets.

On an article of 300 sentences with three reviewers' claims and "no claim" marks (each reviewer
also holding 2,000 claims and 2,000 marks on another article), through Django's test client on
PostgreSQL (DATABASE_URL, or the embedded server when unset), in a throw-away test database:

- page: SQL queries and render time of the workspace page for a staff member who sees all three
  reviewers side by side (the heaviest view); the query count must be the same for 30 sentences;
- save: SQL queries and server time of labelling one sentence by keyboard (one POST, as a
  reviewer), p50 and p95 over many saves.

Run from the repo root:  .venv/bin/python benchmarks/workspace.py [--saves 300]
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
os.environ.setdefault("LOGIN_RATE_LIMIT", "0")

import warnings  # noqa: E402

import django  # noqa: E402

# WhiteNoise warns that collectstatic has not run; the benchmark serves no static files.
warnings.filterwarnings("ignore", message="No directory at")

from factcheck import embedded_database  # noqa: E402

embedded_database.use_unless_configured()
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

TARGETS = {"page_queries": 12, "page_ms": 150, "save_queries": 8, "save_p50_ms": 20}
HTMX = {"HX-Request": "true"}


def article_text(sentences: int, edition: str) -> str:
    """German news-like text, six sentences to a paragraph."""
    parts = []
    for number in range(sentences):
        parts.append(
            f"Am {number % 28 + 1}. August erklärte der {edition} Sprecher Nummer {number}, "
            "die Lage sei »ernst, aber beherrschbar«, und verwies auf Angaben der Regierung."
        )
        if number % 6 == 5:
            parts.append("\n\n")
        else:
            parts.append(" ")
    return "".join(parts).strip()


def build_article(sentences: int, reviewers: list, labels: list, edition: str = "erste"):
    from annotations.importing import ArticleData
    from annotations.services import annotation_create, article_import, sentence_mark_no_claim

    article = article_import(data=ArticleData(text=article_text(sentences, edition))).article
    for index, sentence in enumerate(article.sentences.order_by("position")):
        for number, reviewer in enumerate(reviewers):
            if (index + number) % 3 == 2:
                continue  # each reviewer leaves a third of the sentences open
            if (index + number) % 3 == 1 and index % 2:
                sentence_mark_no_claim(sentence=sentence, reviewer=reviewer)
                continue  # and marks some "no claim"
            annotation_create(
                sentence=sentence,
                reviewer=reviewer,
                label=labels[(index + number) % len(labels)],
                spans=[[0, 6]] if index % 4 == 0 else [],
                attributed_to="Sprecher" if index % 5 == 0 else "",
            )
    return article


def give_long_histories(reviewers: list, labels: list, each: int) -> None:
    """``each`` claims and ``each`` "no claim" marks per reviewer on another article, in bulk."""
    from annotations.importing import ArticleData
    from annotations.models import Annotation, NoClaimMark
    from annotations.services import article_import

    article = article_import(data=ArticleData(text=article_text(2 * each, "alte"))).article
    sentences = list(article.sentences.order_by("position"))
    for reviewer in reviewers:
        Annotation.objects.bulk_create(
            Annotation(sentence=s, reviewer=reviewer, label=labels[0], spans=[], revision=1)
            for s in sentences[0::2]
        )
        NoClaimMark.objects.bulk_create(
            NoClaimMark(sentence=s, reviewer=reviewer) for s in sentences[1::2]
        )


def measure_page(client: Client, article, runs: int) -> tuple[int, float]:
    url = reverse("article_detail", args=[article.pk])
    client.get(url)  # warm-up: templates compiled, connections open
    timings, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = max(queries, len(captured))
    return queries, statistics.median(timings)


def measure_saves(client: Client, article, saves: int) -> tuple[int, float, float]:
    sentences = list(article.sentences.order_by("position").values_list("pk", flat=True))
    slugs = ["quoted_fact", "opinion", "editorial_framing"]
    timings, queries = [], 0
    for number in range(saves):
        sentence_id = sentences[number % len(sentences)]
        label = slugs[(number // len(sentences)) % len(slugs)]
        url = reverse("claim_create", args=[sentence_id])
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(url, {"label": label}, headers=HTMX)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
        queries = max(queries, len(captured))
    timings.sort()
    return queries, statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--page-runs", type=int, default=20)
    args = parser.parse_args()

    # No setup_test_environment(): it instruments every template render so tests can inspect
    # contexts, which a server does not do and which would dominate the page time.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    # Hashed static names need collectstatic, which a benchmark has no reason to run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from annotations.models import Label

        users = User.objects
        reviewers = []
        for name in ("rita", "otto", "paula"):
            user = users.create_user(name, password="benchmark password 1")
            user.groups.add(Group.objects.get(name="Reviewer"))
            reviewers.append(user)
        staff = users.create_user("alice", password="benchmark password 1")
        staff.groups.add(Group.objects.get(name="Admin"))
        labels = list(Label.objects.active())

        # Every reviewer also has a long history elsewhere: the page must not read it.
        give_long_histories(reviewers, labels, 2000)
        small = build_article(30, reviewers, labels)
        large = build_article(300, reviewers, labels)
        staff_client = Client()
        staff_client.force_login(staff)
        small_queries, _ = measure_page(staff_client, small, 3)
        page_queries, page_ms = measure_page(staff_client, large, args.page_runs)
        reviewer_page_queries, reviewer_page_ms = measure_page(
            _client_for(reviewers[0]), large, args.page_runs
        )
        fresh = build_article(300, [], labels, edition="zweite")
        save_queries, save_p50, save_p95 = measure_saves(
            _client_for(reviewers[0]), fresh, args.saves
        )
    finally:
        connection.creation.destroy_test_db(test_database, verbosity=0)

    print(
        f"page (staff, 3 reviewers, 300 sentences): {page_queries} queries, {page_ms:.1f} ms median"
    )
    print(f"page (staff, 30 sentences):               {small_queries} queries")
    print(
        f"page (reviewer, 300 sentences):           {reviewer_page_queries} queries, "
        f"{reviewer_page_ms:.1f} ms median"
    )
    print(
        f"save (reviewer, {args.saves} keyboard labels): {save_queries} queries, "
        f"p50 {save_p50:.1f} ms, p95 {save_p95:.1f} ms"
    )
    figures = {
        "page_queries": page_queries,
        "page_ms": page_ms,
        "save_queries": save_queries,
        "save_p50_ms": save_p50,
    }
    failed = False
    for name, target in TARGETS.items():
        met = figures[name] <= target
        failed |= not met
        verdict = "met" if met else "MISSED"
        print(f"target {name} <= {target}: {verdict} (ratio {figures[name] / target:.2f})")
    constant = small_queries == page_queries
    failed |= not constant
    print(f"target page queries constant (30 vs 300 sentences): {'met' if constant else 'MISSED'}")
    print(
        f"workspace: page_queries={page_queries} page_ms={page_ms:.1f} "
        f"save_queries={save_queries} save_p50_ms={save_p50:.1f} save_p95_ms={save_p95:.1f}"
    )
    return 1 if failed else 0


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


if __name__ == "__main__":
    sys.exit(main())
