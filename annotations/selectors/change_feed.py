"""The change feed: every exported record changed since a cursor, and tombstones for deletions.

The database's triggers (migrations 0014 and 0017) keep, per article, sentence, claim and "no
claim" mark, the transaction that last changed it, the same for label and reviewer renames,
and per sentence the last change of its gold record (its gold, gold claims or reviewers'
work). A record is in the feed when it, or anything its exported form shows (its sentence,
article, label or reviewer), was changed by a transaction at or after the cursor.

The cursor is a transaction horizon, not a clock: ``changes_cursor`` is the oldest transaction
of this database still running when the feed is read, so a change committed late by a long
transaction is never skipped; it may be sent twice, and records are whole and replace the
earlier ones, so applying a feed twice changes nothing.
"""

from collections.abc import Iterator

from django.db import DEFAULT_DB_ALIAS, connections

from annotations.selectors.exports import ExportQuery, claim_record_select, export_chunks_of
from annotations.selectors.gold_export import GoldExportFilters, gold_record_select
from annotations.selectors.record_exports import (
    SENTENCE_RECORD_SQL,
    article_record_select,
    no_claim_record_select,
)
from factcheck.db_routers import reads_alias

# Kinds of records, in the order the feed sends them: a record after the ones it refers to,
# tombstones after all records and in the reverse order.
RECORD_KINDS = ("article", "sentence", "annotation", "no_claim", "gold")


# The horizon: the oldest transaction of this database still running, else the next one to
# start. Transaction ids are counted for the whole server, so another database's long
# transaction must not hold the cursor back; pg_stat_activity gives each session's 32-bit
# xid, widened here with the epoch of the snapshot's xmax. Sessions of other roles whose xid
# is hidden fall back to the server-wide xmin, which is never too late.
_HORIZON_SQL = """
WITH snapshot AS (
    SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax,
           pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin
)
SELECT least(
    snapshot.xmax,
    (
        -- A 32-bit xid more than 2^31 ahead of xmax is from the previous epoch; one at or
        -- after xmax started after the snapshot and cannot hold the horizon back.
        SELECT min(CASE WHEN widened > snapshot.xmax + 2147483648
                        THEN widened - 4294967296 ELSE widened END)
        FROM (
            SELECT ((snapshot.xmax >> 32) << 32) + backend_xid::text::bigint AS widened
            FROM pg_stat_activity
            WHERE datname = current_database() AND backend_xid IS NOT NULL
        ) AS running
    ),
    (
        SELECT snapshot.xmin FROM pg_stat_activity
        WHERE datname = current_database() AND query = '<insufficient privilege>'
        LIMIT 1
    )
)
FROM snapshot
"""


_SERVER_HORIZON_SQL = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"


def changes_cursor() -> int:
    """The cursor to give the next feed request: no transaction before it is still running."""
    alias = reads_alias()
    # A replica's sessions are not the primary's: there, the server-wide horizon.
    sql = _HORIZON_SQL if alias == DEFAULT_DB_ALIAS else _SERVER_HORIZON_SQL
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def cursor_is_known(since: int) -> bool:
    """Whether ``since`` is a horizon this database has reached (not a cursor from elsewhere)."""
    with connections[reads_alias()].cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
        return since <= cursor.fetchone()[0]


def _changed(kind: str, since: str = "%(since)s") -> str:
    return (
        "SELECT object_id FROM annotations_exportchange "
        f"WHERE kind = '{kind}' AND transaction_id >= {since}"
    )


def _claims_changed() -> str:
    """Claims changed themselves or through their sentence, article, label or reviewer."""
    return f"""a.id IN (
        {_changed("annotation")}
        UNION SELECT x.id FROM annotations_annotation x
              WHERE x.sentence_id IN ({_changed("sentence")})
        UNION SELECT x.id FROM annotations_annotation x
              WHERE x.sentence_id IN (
                  SELECT id FROM annotations_sentence WHERE article_id IN ({_changed("article")})
              )
        UNION SELECT x.id FROM annotations_annotation x
              WHERE x.label_id IN ({_changed("label")})
        UNION SELECT x.id FROM annotations_annotation x
              WHERE x.reviewer_id IN ({_changed("reviewer")})
    )"""


def _marks_changed() -> str:
    return f"""m.id IN (
        {_changed("no_claim")}
        UNION SELECT x.id FROM annotations_noclaimmark x
              WHERE x.sentence_id IN ({_changed("sentence")})
        UNION SELECT x.id FROM annotations_noclaimmark x
              WHERE x.sentence_id IN (
                  SELECT id FROM annotations_sentence WHERE article_id IN ({_changed("article")})
              )
        UNION SELECT x.id FROM annotations_noclaimmark x
              WHERE x.reviewer_id IN ({_changed("reviewer")})
    )"""


def _gold_changed() -> str:
    """Sentences whose gold record changed itself or through what it shows (positional %s)."""
    return f"""
        {_changed("gold", "%s")}
        UNION {_changed("sentence", "%s")}
        UNION SELECT x.id FROM annotations_sentence x
              WHERE x.article_id IN ({_changed("article", "%s")})
        UNION SELECT x.sentence_id FROM annotations_annotation x
              WHERE x.label_id IN ({_changed("label", "%s")})
                 OR x.reviewer_id IN ({_changed("reviewer", "%s")})
        UNION SELECT x.sentence_id FROM annotations_noclaimmark x
              WHERE x.reviewer_id IN ({_changed("reviewer", "%s")})
        UNION SELECT g.sentence_id FROM annotations_goldsentence g
              WHERE g.curator_id IN ({_changed("reviewer", "%s")})
        UNION SELECT g.sentence_id FROM annotations_goldsentence g
              JOIN annotations_goldclaim gc ON gc.gold_id = g.id
              WHERE gc.label_id IN ({_changed("label", "%s")})
        -- A renamed reviewer also renames the sources naming them; starting from the renamed
        -- ones, no gold claim is read when nobody was renamed.
        UNION SELECT g.sentence_id FROM ({_changed("reviewer", "%s")}) AS renamed
              JOIN annotations_goldclaim gc
                ON gc.sources @> jsonb_build_array(
                    jsonb_build_object('reviewer', renamed.object_id))
              JOIN annotations_goldsentence g ON g.id = gc.gold_id
    """


def _gold_lines(since: int | None) -> ExportQuery:
    """The gold.jsonl records (default split) of the sentences whose gold record changed."""
    if since is None:
        records = gold_record_select(GoldExportFilters())
    else:
        changed = _gold_changed()
        records = gold_record_select(
            GoldExportFilters(),
            sentences_sql=changed,
            sentences_params=(since,) * changed.count("%s"),
        )
    sql = f"""
        SELECT row_to_json(line)::text FROM (
            SELECT 'gold' AS kind, r.id, false AS deleted, row_to_json(r) AS record
            FROM ({records.sql}) AS r
        ) AS line
        ORDER BY line.id
    """
    return ExportQuery(sql=sql, params=records.params)


def _feed_lines(kind: str, records: str) -> str:
    return f"""
        SELECT row_to_json(line)::text FROM (
            SELECT '{kind}' AS kind, r.id, false AS deleted, row_to_json(r) AS record
            FROM ({records}) AS r
        ) AS line
        ORDER BY line.id
    """


def change_feed_queries(*, since: int | None) -> list[ExportQuery]:
    """The feed's queries, to read in one snapshot. ``since=None``: every record (a full sync).

    One line per record: ``{"kind", "id", "deleted": false, "record"}``, where ``record`` is the
    article (articles.jsonl without sentences), the sentence, the claim (as annotations.jsonl)
    the mark (as no_claim.jsonl) or the sentence's gold (as gold.jsonl with the default split);
    then ``{"kind", "id", "deleted": true}`` per deleted one. A sentence's gold record goes with
    the sentence: a deleted sentence has a gold tombstone too.
    """
    full = since is None
    params = {"since": 0 if full else since}

    def where(condition: str) -> str:
        return "" if full else f"WHERE {condition}"

    records = [
        _feed_lines("article", article_record_select(where(f"ar.id IN ({_changed('article')})"))),
        _feed_lines("sentence", SENTENCE_RECORD_SQL + where(f"s.id IN ({_changed('sentence')})")),
        _feed_lines("annotation", claim_record_select(where(_claims_changed()))),
        _feed_lines("no_claim", no_claim_record_select(where(_marks_changed()))),
    ]
    tombstones = f"""
        SELECT row_to_json(line)::text FROM (
            SELECT kind, object_id AS id, true AS deleted
            FROM annotations_exportchange
            WHERE deleted AND transaction_id >= %(since)s
              AND kind IN ({", ".join(f"'{kind}'" for kind in RECORD_KINDS)})
            UNION ALL
            SELECT 'gold', object_id, true
            FROM annotations_exportchange
            WHERE deleted AND transaction_id >= %(since)s AND kind = 'sentence'
        ) AS line
        ORDER BY array_position(
            ARRAY[{", ".join(f"'{kind}'" for kind in reversed(RECORD_KINDS))}]::varchar[],
            line.kind
        ), line.id
    """
    return [
        *(ExportQuery(sql=sql, params=params) for sql in records),
        _gold_lines(since),
        ExportQuery(sql=tombstones, params=params),
    ]


def change_feed_chunks(*, since: int | None, cursor: int) -> Iterator[bytes]:
    """The feed's lines, then ``{"kind": "cursor", "cursor": "…"}`` to pass as the next since."""
    yield from export_chunks_of(change_feed_queries(since=since))
    yield b'{"kind":"cursor","cursor":"%d"}\n' % cursor
