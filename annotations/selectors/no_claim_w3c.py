""" "Reviewed – no claim" marks as W3C Web Annotations, after the claims in the W3C export.

A mark says a reviewer read the sentence and found nothing to label in it: in the model's
vocabulary an ``assessing`` annotation by that reviewer, whose one body (purpose ``assessing``)
has the value ``no-claim``, targeting the whole sentence with the same position and quote
selectors as a whole-sentence claim. Its id is the mark's address in the API. A client that
wants claims only keeps the annotations whose motivation is ``classifying``.
"""

import json

from django.db import connections

from annotations.selectors.claim_filters import ClaimFilters
from annotations.selectors.exports import (
    ExportQuery,
    _object,
    utc_sql,
    w3c_body_sql,
    w3c_target_sql,
    where_sql,
)
from factcheck.db_routers import reads_alias

NO_CLAIM_VALUE = "no-claim"


def no_claim_w3c_query(
    filters: ClaimFilters, *, mark_iri: str, article_iri: str, mark_id: int | None = None
) -> ExportQuery:
    """One Web Annotation (JSON) per mark passing ``filters``, in id order.

    The filters act as on marks everywhere: ``label`` keeps every mark (a mark means "no claim
    of any label"); ``updated_since`` compares the time it was made. ``mark_iri`` and
    ``article_iri`` are URL prefixes to which the id and a slash are appended; ``mark_id``
    keeps one mark, for its own JSON-LD representation.
    """
    conditions, params = filters.mark_sql_conditions(alias="m")
    if mark_id is not None:
        conditions.append("m.id = %s")
        params.append(mark_id)
    target = w3c_target_sql(source="%s", start="s.start", end='s."end"', exact="s.text")
    body = w3c_body_sql("assessing", f"'{NO_CLAIM_VALUE}'")
    annotation = _object(
        ("id", "%s || m.id || '/'"),
        ("type", "'Annotation'"),
        ("motivation", "'assessing'"),
        ("created", utc_sql("m.created_at")),
        ("creator", _object(("type", "'Person'"), ("nickname", "u.username"))),
        ("body", f"json_build_array({body})"),
        ("target", f"json_build_array({target})"),
    )
    # The same primary-key lookups as the claims' export, for the same reason: rows leave in id
    # order from the first one, with no sort of the whole export.
    sql = f"""
        SELECT {annotation}::text
        FROM annotations_noclaimmark m
        CROSS JOIN LATERAL (
            SELECT id, article_id, start, "end", text
            FROM annotations_sentence WHERE id = m.sentence_id OFFSET 0
        ) AS s
        CROSS JOIN LATERAL (
            SELECT id, text FROM annotations_article WHERE id = s.article_id OFFSET 0
        ) AS ar
        CROSS JOIN LATERAL (
            SELECT username FROM auth_user WHERE id = m.reviewer_id OFFSET 0
        ) AS u
        {where_sql(conditions)}
        ORDER BY m.id
    """
    # Placeholders in order of appearance: the mark IRI, the article IRI, the filters.
    return ExportQuery(sql=sql, params=(mark_iri, article_iri, *params))


def no_claim_w3c(mark_id: int, *, mark_iri: str, article_iri: str) -> dict | None:
    """One mark as a Web Annotation, as in the W3C export; None if there is no such mark."""
    query = no_claim_w3c_query(
        ClaimFilters(), mark_iri=mark_iri, article_iri=article_iri, mark_id=mark_id
    )
    with connections[reads_alias()].cursor() as cursor:
        cursor.execute(query.sql, query.params)
        row = cursor.fetchone()
    return None if row is None else json.loads(row[0])
