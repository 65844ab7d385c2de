"""The gold dataset: one record per sentence with its gold, provenance, reviews and split.

``gold_jsonl_query`` is one SQL query (streamed by COPY like the other exports, see
selectors.exports); ``gold_records`` runs the same query and yields the records as dicts, for
exports in other formats. Call ``services.gold_refresh()`` first so that gold is current.

A record (keys in this order): id, position, paragraph, start, end, text (the sentence, offsets
in code points), article {id, title, source, url, published_on, language, content_hash},
split ("train", "dev" or "test": by article, from a hash of the article's content and the seed,
so every sentence of an article lands in the same split on every instance), state (waiting,
agreed, disputed, adjudicated, stale), gold (null without a decision; else no_claim, origin,
curator, rationale, error_category, decided_at, updated_at, version and claims, each with
label, whole_sentence, spans, attributed_to, origin, sources [{annotation, reviewer,
revision}], created_at, updated_at), reviews [{reviewer, no_claim, labels}] and agreement
{reviewers, score}.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction

from annotations.selectors.exports import (
    _SPANS_JSON,
    _WHOLE_SPAN,
    COPY_SETTINGS_SQL,
    ExportQuery,
    _utc,
    _where,
)

GOLD_STATES = ("waiting", "agreed", "disputed", "adjudicated", "stale")


@dataclass(frozen=True)
class GoldExportFilters:
    """Which sentences a gold export holds; ids already resolved, ``None`` leaves a filter off.

    ``reviewer_id``: sentences that reviewer reviewed; ``label_id``: sentences whose gold has a
    claim with that label; ``updated_since``: sentences whose gold state or decision changed
    since; ``states``: sentences in these gold states. ``train`` and ``dev`` are the shares of
    articles in those splits; the rest is ``test``.
    """

    article_id: int | None = None
    reviewer_id: int | None = None
    label_id: int | None = None
    updated_since: object = None
    states: tuple[str, ...] | None = None
    train: float = 0.8
    dev: float = 0.1
    split_seed: str = ""


# A number in [0, 1) from the article's content hash and the seed: the first 32 bits of MD5.
_BUCKET = (
    "(('x' || substr(md5(%s || ':' || ar.content_hash), 1, 8))::bit(32)::bigint / 4294967296.0)"
)

_SOURCES_JSON = """coalesce((
    SELECT array_to_json(array_agg(json_build_object(
        'annotation', (src->>'annotation')::bigint,
        'reviewer', (SELECT username FROM auth_user WHERE id = (src->>'reviewer')::integer),
        'revision', (src->>'revision')::integer) ORDER BY (src->>'annotation')::bigint))
    FROM jsonb_array_elements(a.sources) AS src
), '[]'::json)"""

_GOLD_JSON = f"""CASE WHEN g.decided_at IS NULL THEN NULL ELSE json_build_object(
    'no_claim', g.no_claim,
    'origin', g.origin,
    'curator', (SELECT username FROM auth_user WHERE id = g.curator_id),
    'rationale', NULLIF(g.rationale, ''),
    'error_category', NULLIF(g.error_category, ''),
    'decided_at', {_utc("g.decided_at")},
    'updated_at', {_utc("g.updated_at")},
    'version', g.version,
    -- array_to_json, not json_agg: json_agg puts line breaks between elements.
    'claims', coalesce((
        SELECT array_to_json(array_agg(claim ORDER BY claim.id)) FROM (
            SELECT a.id, {{label}} AS label, a.spans = '[]'::jsonb AS whole_sentence,
                   {_SPANS_JSON} AS spans, NULLIF(a.attributed_to, '') AS attributed_to,
                   a.origin, {_SOURCES_JSON} AS sources,
                   {_utc("a.created_at")} AS created_at, {_utc("a.updated_at")} AS updated_at
            FROM annotations_goldclaim a
            JOIN annotations_label l ON l.id = a.label_id
            {_WHOLE_SPAN}
            WHERE a.gold_id = g.id
        ) AS claim
    ), '[]'::json)
) END"""

_REVIEWS_JSON = """coalesce((
    SELECT array_to_json(array_agg(review ORDER BY review.reviewer)) FROM (
        SELECT u.username AS reviewer, false AS no_claim,
               array_agg(DISTINCT {label} ORDER BY {label}) AS labels
        FROM annotations_annotation c
        JOIN annotations_label l ON l.id = c.label_id
        JOIN auth_user u ON u.id = c.reviewer_id
        WHERE c.sentence_id = s.id
        GROUP BY u.username
        UNION ALL
        SELECT u.username, true, ARRAY[]::{label_type}[]
        FROM annotations_noclaimmark m JOIN auth_user u ON u.id = m.reviewer_id
        WHERE m.sentence_id = s.id
    ) AS review
), '[]'::json)"""


def gold_record_select(
    filters: GoldExportFilters,
    *,
    sentences_sql: str = "",
    sentences_params: tuple = (),
    label: str = "l.slug",
    label_type: str = "varchar",
) -> ExportQuery:
    """SELECT of one gold.jsonl record per sentence passing ``filters``, in no order.

    ``label`` is the SQL of a label (alias ``l``) of type ``label_type``: its slug, or its
    class index in Parquet.
    ``sentences_sql``, a subquery of sentence ids with ``sentences_params``, narrows it further
    (the change feed: the sentences whose gold record changed).
    """
    conditions: list[str] = []
    params: list = []
    if sentences_sql:
        conditions.append(f"s.id IN ({sentences_sql})")
        params += list(sentences_params)
    if filters.article_id is not None:
        conditions.append("s.article_id = %s")
        params.append(filters.article_id)
    if filters.reviewer_id is not None:
        conditions.append(
            "(EXISTS (SELECT 1 FROM annotations_annotation c"
            " WHERE c.sentence_id = s.id AND c.reviewer_id = %s)"
            " OR EXISTS (SELECT 1 FROM annotations_noclaimmark m"
            " WHERE m.sentence_id = s.id AND m.reviewer_id = %s))"
        )
        params += [filters.reviewer_id, filters.reviewer_id]
    if filters.label_id is not None:
        conditions.append(
            "EXISTS (SELECT 1 FROM annotations_goldclaim gc"
            " WHERE gc.gold_id = g.id AND gc.label_id = %s)"
        )
        params.append(filters.label_id)
    if filters.updated_since is not None:
        conditions.append("g.updated_at >= %s")
        params.append(filters.updated_since)
    if filters.states is not None:
        conditions.append("coalesce(g.state, 'waiting') = ANY(%s)")
        params.append(list(filters.states))
    sql = f"""
            SELECT s.id, s.position, s.paragraph, s.start, s."end", s.text, article,
                   CASE WHEN bucket.value < %s THEN 'train'
                        WHEN bucket.value < %s THEN 'dev' ELSE 'test' END AS split,
                   coalesce(g.state, 'waiting') AS state,
                   {_GOLD_JSON.replace("{label}", label)} AS gold,
                   {_REVIEWS_JSON.format(label=label, label_type=label_type)} AS reviews,
                   json_build_object('reviewers', coalesce(g.reviewers, 0),
                                     'score', g.agreement) AS agreement
            FROM annotations_sentence s
            CROSS JOIN LATERAL (
                SELECT id, title, source, url, published_on, language, content_hash
                FROM annotations_article WHERE id = s.article_id OFFSET 0
            ) AS ar
            CROSS JOIN LATERAL (
                SELECT ar.id, ar.title, ar.source, ar.url,
                       to_char(ar.published_on, 'YYYY-MM-DD') AS published_on,
                       ar.language, ar.content_hash
            ) AS article
            CROSS JOIN LATERAL (SELECT {_BUCKET} AS value) AS bucket
            LEFT JOIN LATERAL (
                SELECT * FROM annotations_goldsentence WHERE sentence_id = s.id OFFSET 0
            ) AS g ON true
            {_where(conditions)}
    """
    head = [filters.train, filters.train + filters.dev, filters.split_seed]
    return ExportQuery(sql=sql, params=(*head, *params))


def gold_jsonl_query(filters: GoldExportFilters) -> ExportQuery:
    records = gold_record_select(filters)
    sql = f"SELECT row_to_json(record)::text FROM ({records.sql}) AS record ORDER BY record.id"
    return ExportQuery(sql=sql, params=records.params)


def gold_records(filters: GoldExportFilters) -> Iterator[dict]:
    """The gold export's records as dicts, read through a server-side cursor in one snapshot."""
    query = gold_jsonl_query(filters)
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(COPY_SETTINGS_SQL)
        cursor.execute(query.sql, query.params)
        while rows := cursor.fetchmany(2000):
            for (text,) in rows:
                yield json.loads(text)
