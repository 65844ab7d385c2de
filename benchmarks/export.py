"""Benchmark of the streaming exports, each format against PostgreSQL's own COPY of its query.

Creates its own database (``factcheck_bench`` on the server of DATABASE_URL, or on the embedded
server when DATABASE_URL is unset), migrates it and fills it with bulk SQL: about 2,000 articles
of 50 sentences per million claims, five reviewers, three labels, discontinuous spans, notes with
line breaks and quotation marks, speakers, and a sixth reviewer's "no claim" mark on every
sentence; then gold for every sentence as pre-merge makes it (a curator's decision would be
as costly to export). It then measures:

- the physical reference: ``COPY (export query) TO STDOUT`` of the very query the app runs,
  read by psycopg in this process (rows per second, best of two);
- the app: gunicorn (one sync worker) on a free port of 127.0.0.1, a data user's token, and
  the export's URL read over HTTP in 64 KiB pieces (best of two); the time to the first byte
  of the body; the worker's peak RSS during the exports (sampled every 5 ms) over its RSS
  after a warm-up request.

``--format`` picks the export (annotations.jsonl by default; ``all`` measures every one, each
against its own COPY): jsonl, csv, w3c, sentences, no_claim, no_claim_csv, articles, changes, gold,
parquet, sentences_parquet, gold_parquet. Rows are the COPY's; a JSON Lines response must
hold as many lines.

Run from the repo root:

    .venv/bin/python benchmarks/export.py [--annotations 1000000] [--format all] [--keep]

``--keep`` keeps the filled database and reuses it next time when it holds the same number of
claims. The last line is a one-line summary; the exit status is non-zero when a target is missed.
"""

import argparse
import http.client
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psutil
import psycopg
from psycopg import sql

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "factcheck_bench")
SENTENCES_PER_ARTICLE = 50
CLAIMS_PER_SENTENCE = 10
REVIEWERS = 5
READ_BYTES = 64 * 1024
RSS_SAMPLE_SECONDS = 0.005
TARGETS = {"ratio": 0.5, "peak_rss_growth_mb": 100.0, "first_byte_ms": 500.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--annotations", type=int, default=1_000_000, help="Claims to create.")
    parser.add_argument(
        "--keep", action="store_true", help="Keep the filled database and reuse it next time."
    )
    parser.add_argument(
        "--format",
        choices=[*FORMATS, "all"],
        default="jsonl",
        help="The export to measure, or all of them.",
    )
    args = parser.parse_args()
    if args.annotations < 1:
        parser.error("--annotations must be at least 1")

    server_url = _server_database_url()
    bench_url = _with_database(server_url, BENCH_DATABASE)
    os.environ.update(
        DATABASE_URL=bench_url,
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(32),
    )
    import django

    django.setup()

    reused = args.keep and _holds_claims(server_url, args.annotations)
    if reused:
        print(f"reusing {BENCH_DATABASE} with {args.annotations:,} claims")
    else:
        _recreate_database(server_url)
        started = time.perf_counter()
        _migrate()
        _fill(args.annotations)
        print(f"filled {BENCH_DATABASE} in {time.perf_counter() - started:.1f} s")
    try:
        formats = list(FORMATS) if args.format == "all" else [args.format]
        results = [_measure(args.annotations, bench_url, name) for name in formats]
        return max(results)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _drop_database(server_url)


# name: (URL path, whether each body line is one COPY row)
FORMATS = {
    "jsonl": ("/api/export/annotations.jsonl", True),
    "csv": ("/api/export/annotations.csv", False),
    "w3c": ("/api/export/annotations.w3c.jsonld", False),
    "sentences": ("/api/export/sentences.jsonl", True),
    "no_claim": ("/api/export/no_claim.jsonl", True),
    "no_claim_csv": ("/api/export/no_claim.csv", False),
    "articles": ("/api/export/articles.jsonl", True),
    "changes": ("/api/export/changes.jsonl", False),
    "gold": ("/api/export/gold.jsonl", True),
    "parquet": ("/api/export/annotations.parquet", False),
    "sentences_parquet": ("/api/export/sentences.parquet", False),
    "gold_parquet": ("/api/export/gold.parquet", False),
}


def _queries(name: str) -> list:
    """The COPY queries the app runs for an export (IRIs as the app would bind them)."""
    from annotations.api.export_parquet import label_classes
    from annotations.selectors import exports, parquet_exports, record_exports
    from annotations.selectors.change_feed import change_feed_queries
    from annotations.selectors.gold_export import GoldExportFilters, gold_jsonl_query
    from annotations.selectors.gold_w3c import gold_w3c_query
    from annotations.selectors.no_claim_w3c import no_claim_w3c_query

    filters = exports.ExportFilters()
    if name == "w3c":
        annotation_iri = "http://127.0.0.1/api/annotations/"
        article_iri = "http://127.0.0.1/api/articles/"
        return [
            exports.annotations_w3c_query(
                filters, annotation_iri=annotation_iri, article_iri=article_iri
            ),
            gold_w3c_query(
                filters,
                gold_iri="http://127.0.0.1/api/gold/claims/",
                annotation_iri=annotation_iri,
                article_iri=article_iri,
            ),
            no_claim_w3c_query(
                filters, mark_iri="http://127.0.0.1/api/no-claim-marks/", article_iri=article_iri
            ),
        ]
    return {
        "jsonl": lambda: [exports.annotations_jsonl_query(filters)],
        "csv": lambda: [exports.annotations_csv_query(filters)],
        "sentences": lambda: [exports.sentences_jsonl_query(filters)],
        "no_claim": lambda: [record_exports.no_claim_jsonl_query(filters)],
        "no_claim_csv": lambda: [record_exports.no_claim_csv_query(filters)],
        "articles": lambda: [record_exports.articles_jsonl_query()],
        "changes": lambda: change_feed_queries(since=None),
        "gold": lambda: [gold_jsonl_query(GoldExportFilters())],
        "parquet": lambda: [
            parquet_exports.annotations_parquet(filters, labels=label_classes()).query
        ],
        "sentences_parquet": lambda: [
            parquet_exports.sentences_parquet(filters, labels=label_classes()).query
        ],
        "gold_parquet": lambda: [
            parquet_exports.gold_parquet(GoldExportFilters(), labels=label_classes()).query
        ],
    }[name]()


def _measure(annotations: int, bench_url: str, name: str) -> int:
    path, lines_are_rows = FORMATS[name]
    key = _data_user_token()
    queries = _queries(name)
    copy_rows, copy_seconds = min(
        (_copy_rows(bench_url, queries) for _ in range(2)), key=lambda run: run[1]
    )
    print(f"[{name}] COPY: {copy_rows:,} rows in {copy_seconds:.2f} s")

    port = _free_port()
    server = _start_gunicorn(port, bench_url)
    try:
        worker = _wait_for_worker(server, port)
        _get(port, key, f"{path}?article=1" if name != "changes" else f"{path}?since=0")
        baseline = worker.memory_info().rss
        sampler = _PeakSampler(worker)
        sampler.start()
        runs = [_get(port, key, path) for _ in range(2)]
        sampler.stop()
    finally:
        server.terminate()
        server.wait(timeout=30)

    http_lines, http_seconds, _first_byte = min(runs, key=lambda run: run[1])
    if lines_are_rows and http_lines != copy_rows:
        print(f"[{name}] row counts differ: COPY {copy_rows}, HTTP {http_lines}")
        return 1
    if name == "jsonl" and copy_rows != annotations:
        print(f"[{name}] expected {annotations} rows, COPY gave {copy_rows}")
        return 1
    if copy_rows == 0:
        print(f"[{name}] the export is empty")
        return 1
    rows_per_s = copy_rows / http_seconds
    copy_rows_per_s = copy_rows / copy_seconds
    figures = {
        "ratio": rows_per_s / copy_rows_per_s,
        "peak_rss_growth_mb": (sampler.peak - baseline) / 1024 / 1024,
        "first_byte_ms": min(run[2] for run in runs) * 1000,
    }
    print(f"[{name}] HTTP: {copy_rows:,} rows in {http_seconds:.2f} s")
    met = {
        "ratio": figures["ratio"] >= TARGETS["ratio"],
        "peak_rss_growth_mb": figures["peak_rss_growth_mb"] <= TARGETS["peak_rss_growth_mb"],
        "first_byte_ms": figures["first_byte_ms"] <= TARGETS["first_byte_ms"],
    }
    for target_name, target in TARGETS.items():
        relation = ">=" if target_name == "ratio" else "<="
        verdict = "met" if met[target_name] else "MISSED"
        print(
            f"[{name}] target {target_name} {relation} {target}: "
            f"{figures[target_name]:.3f} {verdict}"
        )
    print(
        f"export: format={name} rows={copy_rows} rows_per_s={rows_per_s:.0f} "
        f"copy_rows_per_s={copy_rows_per_s:.0f} ratio={figures['ratio']:.3f} "
        f"peak_rss_growth_mb={figures['peak_rss_growth_mb']:.1f} "
        f"first_byte_ms={figures['first_byte_ms']:.1f}"
    )
    return 0 if all(met.values()) else 1


# --- the database ---------------------------------------------------------------------------


def _server_database_url() -> str:
    """DATABASE_URL, or a URL for the embedded server the app uses when it is unset."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    from factcheck import embedded_database

    data_dir = Path(os.environ.get("EMBEDDED_DATABASE_DIR", REPO / ".pgdata"))
    server = embedded_database.start(data_dir)
    host = quote(str(server.socket_dir), safe="")
    return f"postgres://{server.user}@{host}:{server.port}/postgres"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _connect(url: str, **kwargs) -> psycopg.Connection:
    import dj_database_url

    config = dj_database_url.parse(url)
    return psycopg.connect(
        dbname=config["NAME"],
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        **kwargs,
    )


def _holds_claims(server_url: str, annotations: int) -> bool:
    try:
        with _connect(_with_database(server_url, BENCH_DATABASE)) as conn:
            row = conn.execute(
                "SELECT count(*), (SELECT count(*) FROM annotations_goldsentence)"
                " FROM annotations_annotation"
            ).fetchone()
            count = row[0] if row and row[1] else 0
    except psycopg.Error:
        return False
    return count == annotations


def _recreate_database(server_url: str) -> None:
    _drop_database(server_url)
    with _connect(_with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DATABASE)))


def _drop_database(server_url: str) -> None:
    with _connect(_with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(BENCH_DATABASE)
            )
        )


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(annotations: int) -> None:
    """Articles, sentences, reviewers and claims, made by PostgreSQL from generate_series."""
    from django.db import connection, transaction

    from annotations.models import Label
    from annotations.permissions import REVIEWER
    from annotations.services import reviewer_create

    articles = max(10, -(-annotations // (SENTENCES_PER_ARTICLE * CLAIMS_PER_SENTENCE)))
    sentences = articles * SENTENCES_PER_ARTICLE
    reviewers = [
        reviewer_create(username=f"reviewer{n}", role=REVIEWER, actor=None).pk
        for n in range(1, REVIEWERS + 1)
    ]
    # One more reviewer who read every sentence and found nothing: the "no claim" marks.
    marker = reviewer_create(username="reviewer-marks", role=REVIEWER, actor=None).pk
    labels = list(Label.objects.order_by("order").values_list("pk", flat=True))
    quoted_fact = Label.objects.get(slug="quoted_fact").pk
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in FILL_ARTICLES_SQL:
            cursor.execute(statement, {"articles": articles, "per": SENTENCES_PER_ARTICLE})
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the sentence invariant now
        # The history and span triggers would double the writes; the rows made here are valid
        # by construction (the span shapes still pass the CHECK constraint). Switching
        # triggers off needs a superuser; others get a slower fill with the triggers on.
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            FILL_CLAIMS_SQL,
            {
                "annotations": annotations,
                "sentences": sentences,
                "reviewers": reviewers,
                "labels": labels,
                "quoted_fact": quoted_fact,
            },
        )
        cursor.execute(
            "INSERT INTO annotations_noclaimmark (sentence_id, reviewer_id, created_at) "
            "SELECT id, %s, TIMESTAMPTZ '2025-01-02 08:00:00+00' FROM annotations_sentence",
            [marker],
        )
        for table in ("annotations_article", "annotations_sentence", "annotations_annotation"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
    # Gold as pre-merge makes it, in the refresh's own batches (its triggers stay on).
    from annotations.services import gold_queue_all, gold_refresh, gold_settings_update

    gold_settings_update(reviewers_required=2, rule="majority", reviewers_see_gold=False)
    gold_queue_all()
    gold_refresh()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


FILL_ARTICLES_SQL = (
    """
CREATE TEMPORARY TABLE bench_sentence ON COMMIT DROP AS
SELECT a, p, p / 5 AS paragraph,
       CASE WHEN p = 0 THEN '' WHEN p %% 5 = 0 THEN E'\\n\\n' ELSE ' ' END AS separator,
       'Satz ' || p || ' im Artikel ' || a || ': Die Ministerin erklärte, die Lage sei '
       || '„ernst, aber beherrschbar“'
       || repeat(' – und die Größe der Aufgabe wächst', (a + p) %% 4)
       || '.' AS text
FROM generate_series(0, %(articles)s - 1) AS a, generate_series(0, %(per)s - 1) AS p
""",
    """
CREATE TEMPORARY TABLE bench_article ON COMMIT DROP AS
SELECT a, string_agg(separator || text, '' ORDER BY p) AS text
FROM bench_sentence GROUP BY a
""",
    """
INSERT INTO annotations_article
    (id, title, source, url, author, published_on, language, text, content_hash, imported_at,
     metadata)
SELECT a + 1, 'Artikel ' || a || ': Gipfel in Alaska',
       CASE WHEN a %% 2 = 0 THEN 'Beispielzeitung' ELSE 'Musterblatt' END,
       'https://example.org/artikel/' || a, 'Redaktion', DATE '2025-01-01' + a %% 365, 'de',
       text, encode(sha256(convert_to(text, 'UTF8')), 'hex'), now(), '{}'
FROM bench_article
""",
    """
INSERT INTO annotations_sentence (id, article_id, position, start, "end", text, paragraph)
SELECT a * %(per)s + p + 1, a + 1, p, start, start + length(text), text, paragraph
FROM (
    SELECT *, sum(length(separator) + length(text)) OVER (PARTITION BY a ORDER BY p)
              - length(text) AS start
    FROM bench_sentence
) AS placed
""",
)

FILL_CLAIMS_SQL = """
INSERT INTO annotations_annotation
    (id, sentence_id, reviewer_id, label_id, spans, attributed_to, note, created_at, updated_at,
     revision)
SELECT i + 1, sentence_id, reviewer_id, label_id,
       CASE WHEN i %% 7 = 0 THEN '[[0, 4], [10, 18]]'::jsonb
            WHEN i %% 7 IN (1, 2) THEN '[[0, 12]]'::jsonb
            ELSE '[]'::jsonb END,
       CASE WHEN label_id = %(quoted_fact)s AND i %% 3 = 0 THEN 'Olaf Scholz' ELSE '' END,
       CASE WHEN i %% 9 = 0 THEN E'Quelle prüfen;\\nsiehe „Bericht“, S. 3' ELSE '' END,
       created_at, created_at + (i %% 4) * interval '1 hour', 1 + i %% 4
FROM (
    -- Claim i is on sentence i mod S; the k-th round over the sentences (k = i div S) picks
    -- one of the reviewers and, every REVIEWERS rounds, the next label, so no claim repeats.
    SELECT i, i %% %(sentences)s + 1 AS sentence_id,
           (%(reviewers)s::bigint[])[
               (i / %(sentences)s) %% cardinality(%(reviewers)s::bigint[]) + 1] AS reviewer_id,
           (%(labels)s::bigint[])[
               (i / %(sentences)s / cardinality(%(reviewers)s::bigint[]))
               %% cardinality(%(labels)s::bigint[]) + 1] AS label_id,
           TIMESTAMPTZ '2025-01-01 08:00:00+00' + i * interval '3 seconds' AS created_at
    FROM generate_series(0, %(annotations)s - 1) AS i
) AS claim
"""


def _data_user_token() -> str:
    from django.contrib.auth.models import User

    from annotations.permissions import DATA_USER
    from annotations.services import reviewer_create, token_create

    user = User.objects.filter(username="benchdata").first()
    if user is None:
        user = reviewer_create(username="benchdata", role=DATA_USER, actor=None)
    return token_create(user=user, name="export benchmark", actor=None).key


def _copy_rows(url: str, queries: list) -> tuple[int, float]:
    """Rows of the export's COPY statements, read in one transaction as the app reads them."""
    from annotations.selectors.exports import COPY_SETTINGS_SQL

    rows = 0
    with _connect(url) as conn, conn.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(COPY_SETTINGS_SQL)
        for query in queries:
            with cursor.copy(query.copy_statement(), query.params) as copy:
                for _row in copy:
                    rows += 1
        return rows, time.perf_counter() - started


# --- the app server -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_gunicorn(port: int, bench_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": bench_url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        # WhiteNoise warns that collectstatic has not run; the benchmark serves no static files.
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "factcheck.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--worker-class",
        "sync",
        # A sync worker is killed after --timeout seconds in one request; exports are long.
        "--timeout",
        "600",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=REPO, env=env)


def _wait_for_worker(server: subprocess.Popen, port: int) -> psutil.Process:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
        except OSError:
            time.sleep(0.1)
            continue
        workers = psutil.Process(server.pid).children()
        if workers:
            return workers[0]
        time.sleep(0.1)
    raise SystemExit("gunicorn did not start within 60 s")


def _get(port: int, key: str, path: str) -> tuple[int, float, float]:
    """GET an export; rows, seconds from request to last byte, seconds to the first body byte."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": f"Token {key}"})
    response = conn.getresponse()
    if response.status != 200:
        raise SystemExit(f"GET {path}: HTTP {response.status}: {response.read()[:500]!r}")
    first_byte = None
    rows = 0
    while chunk := response.read(READ_BYTES):
        if first_byte is None:
            first_byte = time.perf_counter() - started
        rows += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    conn.close()
    return rows, elapsed, first_byte if first_byte is not None else elapsed


class _PeakSampler:
    """Peak resident memory of one process, sampled in a background thread."""

    def __init__(self, process: psutil.Process):
        self.process = process
        self.peak = process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(RSS_SAMPLE_SECONDS):
            self.peak = max(self.peak, self.process.memory_info().rss)


if __name__ == "__main__":
    sys.exit(main())
