"""The labelled-dataset exports: one SQL query per format, and the COPY stream that reads it.

PostgreSQL builds every row (JSON or CSV) itself and hands it over through ``COPY (query) TO
STDOUT``; Python only gathers the rows into chunks. No model object is created per row, memory
stays constant however many rows there are, and the whole export is one consistent snapshot.
User input reaches the SQL only as bound parameters (psycopg quotes them); the SQL text is
assembled from the fixed fragments in this module.

Conventions shared by all formats: rows in id order; times in UTC as
``YYYY-MM-DDTHH:MM:SS.ffffffZ``; offsets in Unicode code points, ``[start, end)``; a claim on a
whole sentence has one span covering the sentence and ``whole_sentence`` true.
"""

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from django.db import connections, transaction

from annotations.selectors.claim_filters import ClaimFilters
from factcheck.db_routers import reads_alias

# Large enough that the per-chunk cost (a socket write, a chunked-encoding header) disappears,
# small enough that the first bytes leave at once.
CHUNK_BYTES = 256 * 1024
# The first chunk is smaller: it carries the response's first bytes (and Parquet's first
# row group), which should not wait for a quarter megabyte of rows.
FIRST_CHUNK_BYTES = 64 * 1024

# Run before every export COPY, in its transaction. JIT compilation would add a quarter of a
# second before the first row and gains nothing on these row-by-row JSON builders.
COPY_SETTINGS_SQL = "SET LOCAL jit = off"

# W3C TextQuoteSelector context, as Hypothesis uses it.
QUOTE_CONTEXT_CHARS = 32


# The exports take the claim filters of the API list, in their one definition.
ExportFilters = ClaimFilters


@dataclass(frozen=True)
class ExportQuery:
    """One SELECT whose rows are the export's rows, with its bound parameters."""

    sql: str
    params: tuple | dict

    def copy_statement(self, *, csv_header: bool = False) -> str:
        """The COPY that streams this query's rows unchanged.

        JSON rows go through COPY's CSV format with a quote and a delimiter that never occur in
        JSON text (PostgreSQL escapes every control character in JSON strings), so no row is
        quoted or escaped; the text format would double every backslash.
        """
        if csv_header:
            return f"COPY ({self.sql}) TO STDOUT WITH (FORMAT csv, HEADER true)"
        return f"COPY ({self.sql}) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')"


def utc_sql(column: str) -> str:
    return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""


# The claim's spans as rows (start, end) relative to the sentence; a whole-sentence claim
# (stored as []) gives one row covering the sentence. jsonb_array_elements keeps array order.
_SPAN_ROWS = """
    SELECT (pair->>0)::integer AS start, (pair->>1)::integer AS "end"
    FROM jsonb_array_elements(
        CASE WHEN a.spans = '[]'::jsonb
             THEN jsonb_build_array(jsonb_build_array(0, s."end" - s.start))
             ELSE a.spans END
    ) AS span(pair)
"""

# The spans as exported: [{"start", "end", "article_start", "article_end", "text"}, ...]. Most
# claims are on whole sentences; their one span comes from the row _WHOLE_SPAN (in the FROM of
# every query that exports spans) rather than a subquery per row, which costs a tenth of the
# export's time.
_SPANS_JSON = f"""CASE WHEN a.spans = '[]'::jsonb THEN array_to_json(ARRAY[whole_span]) ELSE (
    SELECT array_to_json(array_agg(exported))
    FROM (
        SELECT r.start, r."end", s.start + r.start AS article_start,
               s.start + r."end" AS article_end,
               substr(s.text, r.start + 1, r."end" - r.start) AS text
        FROM ({_SPAN_ROWS}) AS r
    ) AS exported
) END"""
_WHOLE_SPAN = """
    CROSS JOIN LATERAL (
        SELECT 0 AS start, s."end" - s.start AS "end", s.start AS article_start,
               s."end" AS article_end, s.text
    ) AS whole_span
"""

# The source of the machine suggestion a claim began as (the reviewer accepted it), else NULL.
_FROM_SUGGESTION = "(SELECT g.source FROM annotations_suggestion g WHERE g.id = a.suggestion_id)"

# The CSV export's columns, in order: (header, SQL expression).
_CSV_COLUMNS = (
    ("id", "a.id"),
    ("label", "l.slug"),
    ("whole_sentence", "CASE WHEN a.spans = '[]'::jsonb THEN 'true' ELSE 'false' END"),
    ("spans", f"{_SPANS_JSON}::text"),
    ("attributed_to", "NULLIF(a.attributed_to, '')"),
    ("note", "NULLIF(a.note, '')"),
    ("reviewer", "u.username"),
    ("created_at", utc_sql("a.created_at")),
    ("updated_at", utc_sql("a.updated_at")),
    ("revision", "a.revision"),
    ("from_suggestion", _FROM_SUGGESTION),
    ("sentence_id", "s.id"),
    ("sentence_position", "s.position"),
    ("sentence_start", "s.start"),
    ("sentence_end", 's."end"'),
    ("sentence_text", "s.text"),
    ("article_id", "ar.id"),
    ("article_title", "NULLIF(ar.title, '')"),
    ("article_source", "NULLIF(ar.source, '')"),
    ("article_url", "NULLIF(ar.url, '')"),
    ("article_published_on", "to_char(ar.published_on, 'YYYY-MM-DD')"),
    ("article_language", "ar.language"),
    ("article_content_hash", "ar.content_hash"),
)
ANNOTATION_CSV_COLUMNS = tuple(name for name, _expression in _CSV_COLUMNS)

# Claims in id order with their sentence, article, label and reviewer. The joins are lookups by
# primary key written as LATERAL ... OFFSET 0, which PostgreSQL cannot turn into hash joins: it
# reads the claims through their primary key, already in export order, and sends the first row
# at once. With hash joins it would sort the finished export (gigabytes) before the first row.
_CLAIMS_FROM = f"""
    FROM annotations_annotation a
    CROSS JOIN LATERAL (
        SELECT id, article_id, position, start, "end", text
        FROM annotations_sentence WHERE id = a.sentence_id OFFSET 0
    ) AS s
    CROSS JOIN LATERAL (
        SELECT id, title, source, url, published_on, language, content_hash, text
        FROM annotations_article WHERE id = s.article_id OFFSET 0
    ) AS ar
    CROSS JOIN LATERAL (
        SELECT slug FROM annotations_label WHERE id = a.label_id OFFSET 0
    ) AS l
    CROSS JOIN LATERAL (
        SELECT username FROM auth_user WHERE id = a.reviewer_id OFFSET 0
    ) AS u
    {_WHOLE_SPAN}
"""


def _claim_conditions(filters: ClaimFilters, *, alias: str = "a") -> tuple[list[str], list]:
    return filters.sql_conditions(alias=alias)


def where_sql(conditions: list[str]) -> str:
    return ("WHERE " + " AND ".join(conditions)) if conditions else ""


# The article as the claim, mark and sentence records embed it (articles.jsonl has all of it).
ARTICLE_SUMMARY_SQL = """
    SELECT ar.id, ar.title, ar.source, ar.url,
           to_char(ar.published_on, 'YYYY-MM-DD') AS published_on,
           ar.language, ar.content_hash
"""


# The names other export modules import them by.
_utc = utc_sql
_where = where_sql


def claim_record_select(where: str, *, label: str = "l.slug") -> str:
    """SELECT of one annotations.jsonl record per claim passing ``where`` (on alias ``a``).

    ``label`` is the SQL of the label column: its slug, or its class index in Parquet.
    """
    return f"""
        SELECT a.id, {label} AS label, a.spans = '[]'::jsonb AS whole_sentence,
               {_SPANS_JSON} AS spans,
               a.attributed_to, a.note, u.username AS reviewer,
               {utc_sql("a.created_at")} AS created_at, {utc_sql("a.updated_at")} AS updated_at,
               a.revision, {_FROM_SUGGESTION} AS from_suggestion, sentence, article
        {_CLAIMS_FROM}
        CROSS JOIN LATERAL (
            SELECT s.id, s.position, s.start, s."end", s.text
        ) AS sentence
        CROSS JOIN LATERAL ({ARTICLE_SUMMARY_SQL}) AS article
        {where}
    """


def annotations_jsonl_query(filters: ExportFilters) -> ExportQuery:
    """One JSON object per claim, with its sentence and its article (without the text)."""
    conditions, params = _claim_conditions(filters)
    sql = f"""
        SELECT row_to_json(claim)::text FROM ({claim_record_select(where_sql(conditions))}) AS claim
        ORDER BY claim.id
    """
    return ExportQuery(sql=sql, params=tuple(params))


def annotations_csv_query(filters: ExportFilters) -> ExportQuery:
    """The JSONL export flattened to the columns of ANNOTATION_CSV_COLUMNS.

    Empty strings become NULL, which COPY writes as an empty unquoted cell: a cell is quoted only
    when it must be (delimiter, quote or line break inside), as Python's csv module writes it.
    """
    conditions, params = _claim_conditions(filters)
    columns = ",\n               ".join(
        f'{expression} AS "{name}"' for name, expression in _CSV_COLUMNS
    )
    sql = f"""
        SELECT {columns}
        {_CLAIMS_FROM}
        {where_sql(conditions)}
        ORDER BY a.id
    """
    return ExportQuery(sql=sql, params=tuple(params))


def _object(*fields: tuple[str, str]) -> str:
    """SQL for one compact JSON object with these (key, SQL expression) pairs, in this order."""
    columns = ", ".join(f'{expression} AS "{key}"' for key, expression in fields)
    return f"(SELECT row_to_json(o) FROM (SELECT {columns}) AS o)"


# A range of one span row ``r`` inside sentence ``s``, in article code points.
SPAN_RANGE = (
    "s.start + r.start",
    's.start + r."end"',
    'substr(s.text, r.start + 1, r."end" - r.start)',
)


def w3c_target_sql(
    *, source: str, start: str = SPAN_RANGE[0], end: str = SPAN_RANGE[1], exact: str = SPAN_RANGE[2]
) -> str:
    """SQL for one W3C SpecificResource target on article ``ar``: ``source`` is the IRI prefix
    placeholder; the range [start, end) in article code points gets a position selector and a
    quote selector (``exact``, with up to QUOTE_CONTEXT_CHARS of prefix and suffix), the two
    alternatives the model prescribes. The claims', gold's and marks' exports share it."""
    position = _object(("type", "'TextPositionSelector'"), ("start", start), ("end", end))
    quote = _object(
        ("type", "'TextQuoteSelector'"),
        ("exact", exact),
        (
            "prefix",
            f"substr(ar.text, greatest({start} - {QUOTE_CONTEXT_CHARS - 1}, 1), "
            f"least({start}, {QUOTE_CONTEXT_CHARS}))",
        ),
        ("suffix", f"substr(ar.text, {end} + 1, {QUOTE_CONTEXT_CHARS})"),
    )
    return _object(
        ("type", "'SpecificResource'"),
        ("source", f"{source} || ar.id || '/'"),
        ("selector", f"array_to_json(ARRAY[{position}, {quote}])"),
    )


def w3c_body_sql(purpose: str, value: str) -> str:
    """SQL for one TextualBody with this purpose and value (an SQL expression)."""
    return _object(("type", "'TextualBody'"), ("purpose", f"'{purpose}'"), ("value", value))


def annotations_w3c_query(
    filters: ExportFilters,
    *,
    annotation_iri: str,
    article_iri: str,
    annotation_id: int | None = None,
) -> ExportQuery:
    """One W3C Web Annotation (JSON) per claim, for the items of an AnnotationCollection.

    ``annotation_iri`` and ``article_iri`` are URL prefixes to which the id and a slash are
    appended; they are bound as parameters like every other value. ``annotation_id`` keeps
    one claim, for its own JSON-LD representation.
    """
    conditions, params = _claim_conditions(filters)
    if annotation_id is not None:
        conditions.append("a.id = %s")
        params.append(annotation_id)
    target = w3c_target_sql(source="%s")
    body = w3c_body_sql

    # Bodies: the label, then who the claim is attributed to and the note, when given. The
    # speaker describes the target (who said the quoted words); "identifying" would say the
    # words are that person, and the model's vocabulary has no role for a speaker.
    bodies = f"""array_to_json(array_remove(ARRAY[
        {body("classifying", "l.slug")}::text,
        CASE WHEN a.attributed_to <> '' THEN {body("describing", "a.attributed_to")}::text END,
        CASE WHEN a.note <> '' THEN {body("commenting", "a.note")}::text END,
        CASE WHEN a.suggestion_id IS NOT NULL
             THEN {body("tagging", "'from-suggestion:' || " + _FROM_SUGGESTION)}::text END
    ], NULL)::json[])"""
    annotation = _object(
        ("id", "%s || a.id || '/'"),
        ("type", "'Annotation'"),
        ("motivation", "'classifying'"),
        ("created", utc_sql("a.created_at")),
        ("modified", utc_sql("a.updated_at")),
        ("creator", _object(("type", "'Person'"), ("nickname", "u.username"))),
        ("body", bodies),
        ("target", f"(SELECT array_to_json(array_agg({target})) FROM ({_SPAN_ROWS}) AS r)"),
    )
    sql = f"""
        SELECT {annotation}::text
        {_CLAIMS_FROM}
        {where_sql(conditions)}
        ORDER BY a.id
    """
    # Placeholders in order of appearance: the annotation IRI, the article IRI, the filters.
    return ExportQuery(sql=sql, params=(annotation_iri, article_iri, *params))


def sentences_jsonl_query(filters: ExportFilters, *, label: str = "l.slug") -> ExportQuery:
    """One JSON object per reviewed sentence with every reviewer's claims and no-claim marks.

    A sentence is in the export when a claim or a "reviewed – no claim" mark passing the filters
    is on it. ``updated_since`` selects sentences with such a claim changed (or mark made) since
    then, and the record carries all of the sentence's claims and marks, so it replaces the
    earlier record; ``reviewer`` keeps that reviewer's claims and marks only; ``label`` keeps
    claims of that label only and all marks (a mark means no claim of any label).
    """
    claim_conditions, claim_params = _claim_conditions(
        ExportFilters(
            article_id=None,
            reviewer_id=filters.reviewer_id,
            label_id=filters.label_id,
        )
    )
    per_mark, mark_params = _claim_conditions(
        ExportFilters(reviewer_id=filters.reviewer_id), alias="m"
    )
    selected_claims, selected_claim_params = _claim_conditions(filters)
    selected_marks, selected_mark_params = mark_conditions(filters)
    claim_where = " AND ".join(["a.sentence_id = s.id", *claim_conditions])
    mark_where = " AND ".join(["m.sentence_id = s.id", *per_mark])
    sql = f"""
        SELECT row_to_json(record)::text FROM (
            SELECT s.id, s.position, s.paragraph, s.start, s."end", s.text, article,
                   coalesce(claims.list, '[]') AS annotations,
                   coalesce(marks.list, '[]') AS no_claim
            FROM annotations_sentence s
            JOIN annotations_article ar ON ar.id = s.article_id
            CROSS JOIN LATERAL (
                SELECT ar.id, ar.title, ar.source, ar.url,
                       to_char(ar.published_on, 'YYYY-MM-DD') AS published_on,
                       ar.language, ar.content_hash
            ) AS article
            LEFT JOIN LATERAL (
                SELECT array_to_json(array_agg(claim ORDER BY claim.id)) AS list
                FROM (
                    SELECT a.id, u.username AS reviewer, {label} AS label,
                           a.spans = '[]'::jsonb AS whole_sentence, {_SPANS_JSON} AS spans,
                           a.attributed_to, a.note,
                           {utc_sql("a.created_at")} AS created_at,
                           {utc_sql("a.updated_at")} AS updated_at, a.revision,
                           {_FROM_SUGGESTION} AS from_suggestion
                    FROM annotations_annotation a
                    JOIN annotations_label l ON l.id = a.label_id
                    JOIN auth_user u ON u.id = a.reviewer_id
                    {_WHOLE_SPAN}
                    WHERE {claim_where}
                ) AS claim
            ) AS claims ON true
            LEFT JOIN LATERAL (
                SELECT array_to_json(array_agg(mark ORDER BY mark.reviewer)) AS list
                FROM (
                    SELECT u.username AS reviewer, {utc_sql("m.created_at")} AS created_at
                    FROM annotations_noclaimmark m
                    JOIN auth_user u ON u.id = m.reviewer_id
                    WHERE {mark_where}
                ) AS mark
            ) AS marks ON true
            WHERE s.id IN (
                SELECT a.sentence_id FROM annotations_annotation a {where_sql(selected_claims)}
                UNION
                SELECT m.sentence_id FROM annotations_noclaimmark m {where_sql(selected_marks)}
            )
        ) AS record
        ORDER BY record.id
    """
    params = (*claim_params, *mark_params, *selected_claim_params, *selected_mark_params)
    return ExportQuery(sql=sql, params=params)


def mark_conditions(filters: ExportFilters) -> tuple[list[str], list]:
    return filters.mark_sql_conditions(alias="m")


def export_chunks(query: ExportQuery, *, csv_header: bool = False) -> Iterator[bytes]:
    """The query's rows as COPY sends them, gathered into chunks of about CHUNK_BYTES.

    Each row ends with a newline. Nothing runs until the first chunk is asked for; until the
    last one, the connection is busy with the COPY and must not be used for anything else.
    """
    return export_chunks_of([query], csv_header=csv_header)


def export_chunks_of(queries: list[ExportQuery], *, csv_header: bool = False) -> Iterator[bytes]:
    """The rows of several queries, one after the other, read from one snapshot of the data.

    Outside a transaction the reads run at REPEATABLE READ, so every query sees the database
    as the first one did; inside one (tests) they see what the caller's transaction sees.
    """
    # The replica when one is configured: exports are long reads the primary need not serve.
    alias = reads_alias()
    connection = connections[alias]
    buffer = bytearray()
    limit = min(FIRST_CHUNK_BYTES, CHUNK_BYTES)
    snapshot = not connection.in_atomic_block
    with (
        transaction.atomic(using=alias),
        connection.cursor() as cursor,
        connection.wrap_database_errors,
    ):
        if snapshot:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute(COPY_SETTINGS_SQL)
        for query in queries:
            statement = query.copy_statement(csv_header=csv_header)
            with (
                _logged(cursor, statement, query.params),
                cursor.cursor.copy(statement, query.params) as copy,
            ):
                for row in copy:
                    buffer += row
                    if len(buffer) >= limit:
                        yield bytes(buffer)
                        buffer.clear()
                        limit = CHUNK_BYTES
    if buffer:
        yield bytes(buffer)


def _logged(cursor, statement: str, params: tuple | dict) -> AbstractContextManager:
    """Record the COPY in Django's query log (debug mode, tests) like any other query."""
    debug_sql = getattr(cursor, "debug_sql", None)
    return debug_sql(statement, params) if debug_sql else nullcontext()


def annotation_w3c(annotation_id: int, *, annotation_iri: str, article_iri: str) -> dict | None:
    """One claim as a W3C Web Annotation, as in the W3C export; None if there is no such claim."""
    query = annotations_w3c_query(
        ExportFilters(),
        annotation_iri=annotation_iri,
        article_iri=article_iri,
        annotation_id=annotation_id,
    )
    with connections[reads_alias()].cursor() as cursor:
        cursor.execute(query.sql, query.params)
        row = cursor.fetchone()
    return None if row is None else json.loads(row[0])
