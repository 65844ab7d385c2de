"""The task queue with real worker processes: a worker killed in the middle of a unit loses
nothing (the unit is handed out again and done once), progress is reported, and suggestions
appear after an import without the import waiting for them."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from annotations.importing import ArticleData
from annotations.models import Article, BackgroundJob, JobUnit, Sentence, Suggestion
from annotations.services import BulkRecord
from annotations.services.jobs import import_job_create, jobs_recover

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BASE_DIR = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _worker(*extra: str, sources: str = "") -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SUGGESTION_SOURCES": sources,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--verbosity",
            "0",
            *extra,
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _records(n: int, tag: str = "") -> list[BulkRecord]:
    return [
        BulkRecord(
            f"item {i}", ArticleData(text=f"Artikel {tag}{i}: »Es sei gut.« Ende.", title=f"A{i}")
        )
        for i in range(n)
    ]


def _wait(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def test_a_unit_whose_worker_is_killed_is_retried_and_applied_once(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(records=_records(30), created_by=admin_user)
    # Hold the article table so the worker stops inside its unit's transaction, mid-insert.
    with psycopg.connect(_database_url(), autocommit=False) as blocker:
        blocker.execute("LOCK TABLE annotations_article IN SHARE ROW EXCLUSIVE MODE")
        worker = _worker()
        try:

            def worker_is_waiting() -> bool:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND query LIKE '%%INSERT INTO annotations_article%%'"
                    )
                    return cursor.fetchone()[0] == 1

            _wait(worker_is_waiting)
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        finally:
            if worker.poll() is None:
                worker.kill()
        blocker.rollback()

    # Its transaction is rolled back once the server notices the dead client: nothing applied.
    def worker_gone() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE query LIKE '%%INSERT INTO annotations_article%%' "
                "AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0] == 0

    _wait(worker_gone)
    assert not Article.objects.exists()
    unit = JobUnit.objects.get(job=job)
    assert (unit.state, unit.attempts) == ("pending", 1)

    # The sweep sees a unit whose task runs with nobody holding it, and hands it out again.
    time.sleep(1.1)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_recover(stale_seconds=1) == 1
    unit.refresh_from_db()
    assert unit.attempts == 2
    worker = _worker("--batch")
    assert worker.wait(timeout=60) == 0

    job.refresh_from_db()
    assert (job.done, job.total, job.imported, job.failed) == (30, 30, 30, 0)
    assert job.finished_at is not None
    assert Article.objects.count() == 30
    assert Sentence.objects.count() == 60


def test_progress_is_reported_unit_by_unit(
    admin_user, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("annotations.services.jobs.IMPORT_UNIT_SIZE", 10)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            records=_records(25),
            created_by=admin_user,
            failed=[("item 99", "missing field 'text'")],
        )
    job.refresh_from_db()
    assert (job.done, job.total, job.failed) == (1, 26, 1)
    worker = _worker("--batch", "--max-tasks", "1")
    assert worker.wait(timeout=60) == 0
    job.refresh_from_db()
    assert (job.done, job.imported, job.finished_at) == (11, 10, None)
    worker = _worker("--batch")
    assert worker.wait(timeout=60) == 0
    job.refresh_from_db()
    assert (job.done, job.imported, job.failed) == (26, 25, 1)
    assert job.finished_at is not None


def test_suggestions_appear_within_seconds_after_an_import_that_did_not_wait(admin_user, tmp_path):
    source = tmp_path / "article.txt"
    source.write_text("Merz sagte: »Wir schaffen das.« Dann ging er.\n", encoding="utf-8")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SUGGESTION_SOURCES": "fake=python:tests.suggestion_fakes.QuoteSource",
    }
    started = time.monotonic()
    imported = subprocess.run(
        [sys.executable, "manage.py", "import_articles", str(source), "--quiet"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "1 imported" in imported.stdout
    assert not Suggestion.objects.exists()  # the import returned before any suggestion existed
    worker = _worker(sources="fake=python:tests.suggestion_fakes.QuoteSource")
    try:
        _wait(Suggestion.objects.exists, timeout=20)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    assert time.monotonic() - started < 20
    job = BackgroundJob.objects.get(kind="suggest")
    assert (job.done, job.total, job.failed) == (1, 1, 0)


def test_import_articles_with_queue_follows_the_job_to_its_summary(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"text": "Eins. Zwei."}\n{"text": "Drei."}\n', encoding="utf-8"
    )
    (tmp_path / "bad.json").write_text('{"title": "ohne Text"}', encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": _database_url(), "SUGGESTION_SOURCES": ""}
    worker = _worker()
    try:
        done = subprocess.run(
            [sys.executable, "manage.py", "import_articles", str(tmp_path), "--queue", "--quiet"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    assert done.returncode == 1  # the bad file
    assert "queued: job" in done.stdout
    assert "2 imported, 0 duplicate(s), 1 failed." in done.stderr
    assert Article.objects.count() == 2


def test_import_articles_no_wait_returns_with_the_job_queued(tmp_path):
    (tmp_path / "a.txt").write_text("Eins. Zwei.", encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": _database_url(), "SUGGESTION_SOURCES": ""}
    done = subprocess.run(
        [sys.executable, "manage.py", "import_articles", str(tmp_path), "--queue", "--no-wait"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    job = BackgroundJob.objects.get()
    assert f"queued: job {job.pk}, 1 article(s)" in done.stdout
    assert not Article.objects.exists()
    assert JobUnit.objects.get(job=job).task_id
