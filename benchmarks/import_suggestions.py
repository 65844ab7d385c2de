"""Benchmark: importing 10,000 articles with machine suggestions on, against the import alone.

On PostgreSQL (DATABASE_URL, or the embedded server when unset), in a throw-away test database:

- import_s: ``import_articles`` on 10,000 short German articles (ten JSON Lines files) with
  suggestions off (SUGGESTION_SOURCES empty): the import alone.
- with_suggestions_s: the same articles into an emptied database with suggestions on (the rule
  source), from the start of the import until the last suggestion is stored by a background
  workers (``manage.py db_worker``, WORKER_PROCESSES of them, default 2: one per core,
  separate processes started before the import, as bin/run has them).
- ratio = with_suggestions_s / import_s. Target <= 2.

Run from the repo root:  .venv/bin/python benchmarks/import_suggestions.py
The last line is a one-line summary; the exit status is non-zero when the target is missed.
"""

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
warnings.filterwarnings("ignore", message="No directory at")

from factcheck import embedded_database  # noqa: E402

embedded_database.use_unless_configured()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from annotations.models import Article, BackgroundJob, Suggestion  # noqa: E402

ARTICLES = 10_000
TARGET_RATIO = 2.0
# One worker per core, as WORKER_PROCESSES=2 gives bin/run on this two-core machine.
WORKERS = int(os.environ.get("WORKER_PROCESSES") or 2)


def write_articles(folder: Path, tag: str) -> None:
    for start in range(0, ARTICLES, 1000):
        lines = [
            json.dumps(
                {
                    "title": f"Meldung {tag} {n}",
                    "text": (
                        f"Friedrich Merz stellte am Montag den Plan Nummer {n} ({tag}) vor. "
                        "»Das ist ein guter Tag für Deutschland«, sagte Merz. "
                        "Die Opposition erklärte, der Plan sei zu teuer. "
                        "Laut Fox News habe Trump zugesagt, die Zölle zu senken."
                    ),
                },
                ensure_ascii=False,
            )
            for n in range(start, start + 1000)
        ]
        (folder / f"articles-{start // 1000:02d}.jsonl").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )


def empty_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE annotations_suggestion, annotations_jobunit, annotations_backgroundjob, "
            "django_tasks_database_dbtaskresult, annotations_sentence, annotations_article, "
            "annotations_exportchange CASCADE"
        )


def measure_import_alone(folder: Path) -> float:
    settings.SUGGESTION_SOURCES = []
    started = time.perf_counter()
    call_command("import_articles", str(folder), quiet=True, stdout=io.StringIO())
    elapsed = time.perf_counter() - started
    assert Article.objects.count() == ARTICLES
    return elapsed


def measure_with_suggestions(folder: Path) -> tuple[float, int, float]:
    settings.SUGGESTION_SOURCES = ["rules"]
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "SUGGESTION_SOURCES": "rules"}
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1"]
    command += ["--no-startup-delay", "--verbosity", "0"]
    workers = [subprocess.Popen(command, cwd=REPO, env=env) for _ in range(WORKERS)]
    try:
        time.sleep(3)  # the workers are up, as next to a running app
        started = time.perf_counter()
        call_command("import_articles", str(folder), quiet=True, stdout=io.StringIO())
        while BackgroundJob.objects.filter(kind="suggest", finished_at__isnull=True).exists():
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = children.ru_utime + children.ru_stime
    jobs = BackgroundJob.objects.filter(kind="suggest")
    done = sum(job.done for job in jobs)
    assert (done, sum(job.failed for job in jobs)) == (ARTICLES, 0), done
    return elapsed, Suggestion.objects.count(), worker_cpu


def main() -> int:
    test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            write_articles(folder, "a")
            alone = measure_import_alone(folder)
            empty_database()
            with_suggestions, stored, worker_cpu = measure_with_suggestions(folder)
    finally:
        connection.creation.destroy_test_db(test_database, verbosity=0)
    ratio = with_suggestions / alone
    status = "met" if ratio <= TARGET_RATIO else "MISSED"
    print(f"import alone:            {alone:.2f} s for {ARTICLES:,} articles")
    print(f"with suggestions stored: {with_suggestions:.2f} s ({stored:,} suggestions)")
    print(f"workers' CPU time:       {worker_cpu:.2f} s in {WORKERS} worker(s)")
    print(f"target ratio <= {TARGET_RATIO}: {status} ({ratio:.2f})")
    print(
        f"import_suggestions: articles={ARTICLES} import_s={alone:.2f} "
        f"with_suggestions_s={with_suggestions:.2f} worker_cpu_s={worker_cpu:.2f} ratio={ratio:.2f}"
    )
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
