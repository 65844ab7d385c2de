"""The articles and "reviewed – no claim" exports: their SQL, streamed like the claim exports.

Their records are also the records of the change feed (selectors.change_feed), so a copy kept
in sync through the feed holds exactly what these exports hold.
"""

from annotations.selectors.claim_filters import ClaimFilters
from annotations.selectors.exports import (
    ARTICLE_SUMMARY_SQL,
    ExportQuery,
    utc_sql,
    where_sql,
)

# An article's own fields, as articles.jsonl and the change feed give them.
_ARTICLE_FIELDS = f"""
    ar.id, ar.title, ar.source, ar.url, ar.author,
    to_char(ar.published_on, 'YYYY-MM-DD') AS published_on, ar.language, ar.content_hash,
    {utc_sql("ar.imported_at")} AS imported_at, ar.metadata, ar.text
"""

# A sentence as the change feed gives it.
SENTENCE_RECORD_SQL = """
    SELECT s.id, s.article_id, s.position, s.paragraph, s.start, s."end", s.text
    FROM annotations_sentence s
"""


def article_record_select(where: str) -> str:
    """SELECT of one change-feed article record (no sentences) per article passing ``where``."""
    return f"SELECT {_ARTICLE_FIELDS} FROM annotations_article ar {where}"


def articles_jsonl_query(*, article_id: int | None = None) -> ExportQuery:
    """One JSON object per article: text, every metadata field, content hash and sentences."""
    where, params = ("WHERE ar.id = %s", (article_id,)) if article_id is not None else ("", ())
    sql = f"""
        SELECT row_to_json(record)::text FROM (
            SELECT {_ARTICLE_FIELDS},
                   coalesce((
                       SELECT array_to_json(array_agg(sentence ORDER BY sentence.position))
                       FROM (
                           SELECT s.id, s.position, s.paragraph, s.start, s."end", s.text
                           FROM annotations_sentence s WHERE s.article_id = ar.id
                       ) AS sentence
                   ), '[]') AS sentences
            FROM annotations_article ar
            {where}
        ) AS record
        ORDER BY record.id
    """
    return ExportQuery(sql=sql, params=params)


def no_claim_record_select(where: str) -> str:
    """SELECT of one no_claim.jsonl record per mark passing ``where`` (on alias ``m``)."""
    return f"""
        SELECT m.id, true AS no_claim, u.username AS reviewer,
               {utc_sql("m.created_at")} AS created_at, sentence, article
        FROM annotations_noclaimmark m
        CROSS JOIN LATERAL (
            SELECT id, article_id, position, start, "end", text
            FROM annotations_sentence WHERE id = m.sentence_id OFFSET 0
        ) AS s
        CROSS JOIN LATERAL (
            SELECT id, title, source, url, published_on, language, content_hash
            FROM annotations_article WHERE id = s.article_id OFFSET 0
        ) AS ar
        CROSS JOIN LATERAL (
            SELECT username FROM auth_user WHERE id = m.reviewer_id OFFSET 0
        ) AS u
        CROSS JOIN LATERAL (SELECT s.id, s.position, s.start, s."end", s.text) AS sentence
        CROSS JOIN LATERAL ({ARTICLE_SUMMARY_SQL}) AS article
        {where}
    """


def no_claim_jsonl_query(filters: ClaimFilters) -> ExportQuery:
    """One JSON object per "reviewed – no claim" mark, with its sentence and article.

    The same filters as the claim exports; ``label`` keeps every mark (a mark means no claim of
    any label) and ``updated_since`` compares with the mark's creation, its only change.
    """
    conditions, params = filters.mark_sql_conditions(alias="m")
    records = no_claim_record_select(where_sql(conditions))
    sql = f"""
        SELECT row_to_json(mark)::text FROM ({records}) AS mark
        ORDER BY mark.id
    """
    return ExportQuery(sql=sql, params=tuple(params))


# no_claim.csv's columns: the mark, then its sentence and article as annotations.csv has them.
NO_CLAIM_CSV_COLUMNS = (
    "id",
    "reviewer",
    "created_at",
    "sentence_id",
    "sentence_position",
    "sentence_start",
    "sentence_end",
    "sentence_text",
    "article_id",
    "article_title",
    "article_source",
    "article_url",
    "article_published_on",
    "article_language",
    "article_content_hash",
)


def no_claim_csv_query(filters: ClaimFilters) -> ExportQuery:
    """no_claim.jsonl flattened to NO_CLAIM_CSV_COLUMNS, one row per mark, with its filters.

    Empty strings become NULL, which COPY writes as an empty cell, as in annotations.csv.
    """
    conditions, params = filters.mark_sql_conditions(alias="m")
    records = no_claim_record_select(where_sql(conditions))
    sql = f"""
        SELECT mark.id, mark.reviewer, mark.created_at,
               (mark.sentence).id AS sentence_id, (mark.sentence).position AS sentence_position,
               (mark.sentence).start AS sentence_start, (mark.sentence)."end" AS sentence_end,
               (mark.sentence).text AS sentence_text,
               (mark.article).id AS article_id,
               NULLIF((mark.article).title, '') AS article_title,
               NULLIF((mark.article).source, '') AS article_source,
               NULLIF((mark.article).url, '') AS article_url,
               (mark.article).published_on AS article_published_on,
               (mark.article).language AS article_language,
               (mark.article).content_hash AS article_content_hash
        FROM ({records}) AS mark
        ORDER BY mark.id
    """
    return ExportQuery(sql=sql, params=tuple(params))
