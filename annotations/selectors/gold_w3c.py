"""Gold claims as W3C Web Annotations, for the W3C export and each gold claim's own IRI.

A gold claim is an Annotation like a reviewer's claim (motivation ``classifying``, the label as
a classifying body, the speaker as a describing one, the same targets and selectors), told
apart by what the model's vocabulary offers: its creator is the curator who decided it (a
``Person``), or factcheck's pre-merge (``Software``) for unanimous and majority gold; it has a
``tagging`` body ``gold`` and one naming its origin (``gold:adjudicated``, ``gold:curator``,
``gold:unanimous``, ``gold:majority``), plus ``gold:stale`` while the reviewers' work has
changed since the curator decided; the curator's rationale is a ``commenting`` body; and
``via`` names the reviewers' annotations it was taken from.
"""

import json

from django.db import connections

from annotations.selectors.claim_filters import ClaimFilters
from annotations.selectors.exports import (
    _SPAN_ROWS,
    ExportQuery,
    _object,
    utc_sql,
    w3c_body_sql,
    w3c_target_sql,
    where_sql,
)
from factcheck.db_routers import reads_alias

PREMERGE_AGENT = "factcheck pre-merge"


def gold_w3c_query(
    filters: ClaimFilters,
    *,
    gold_iri: str,
    annotation_iri: str,
    article_iri: str,
    gold_claim_id: int | None = None,
) -> ExportQuery:
    """One Web Annotation (JSON) per decided gold claim passing ``filters``, in id order.

    ``article`` and ``label`` filter as for claims; ``updated_since`` keeps gold claims whose
    claim or decision changed since; ``reviewer`` keeps none (gold is nobody's claim).
    ``gold_iri``, ``annotation_iri`` and ``article_iri`` are URL prefixes for the ids.
    """
    conditions = ["g.decided_at IS NOT NULL"]
    params: dict = {
        "gold_iri": gold_iri,
        "annotation_iri": annotation_iri,
        "article_iri": article_iri,
    }
    if filters.article_id is not None:
        conditions.append("s.article_id = %(article)s")
        params["article"] = filters.article_id
    if filters.label_id is not None:
        conditions.append("a.label_id = %(label)s")
        params["label"] = filters.label_id
    if filters.updated_since is not None:
        conditions.append("greatest(a.updated_at, g.updated_at) >= %(updated_since)s")
        params["updated_since"] = filters.updated_since
    if filters.reviewer_id is not None:
        conditions.append("false")
    if gold_claim_id is not None:
        conditions.append("a.id = %(gold_claim)s")
        params["gold_claim"] = gold_claim_id
    target = w3c_target_sql(source="%(article_iri)s")
    body = w3c_body_sql

    bodies = f"""array_to_json(array_remove(ARRAY[
        {body("classifying", "l.slug")}::text,
        CASE WHEN a.attributed_to <> '' THEN {body("describing", "a.attributed_to")}::text END,
        {body("tagging", "'gold'")}::text,
        {body("tagging", "'gold:' || a.origin")}::text,
        CASE WHEN g.state = 'stale' THEN {body("tagging", "'gold:stale'")}::text END,
        CASE WHEN g.rationale <> '' THEN {body("commenting", "g.rationale")}::text END
    ], NULL)::json[])"""
    creator = f"""CASE WHEN g.curator_id IS NULL
        THEN {_object(("type", "'Software'"), ("name", f"'{PREMERGE_AGENT}'"))}
        ELSE {_object(("type", "'Person'"), ("nickname", "curator.username"))} END"""
    via = """(SELECT array_to_json(array_agg(
                %(annotation_iri)s || (src->>'annotation') || '/'
                ORDER BY (src->>'annotation')::bigint))
              FROM jsonb_array_elements(a.sources) AS src)"""
    annotation = _object(
        ("id", "%(gold_iri)s || a.id || '/'"),
        ("type", "'Annotation'"),
        ("motivation", "'classifying'"),
        ("created", utc_sql("a.created_at")),
        ("modified", utc_sql("greatest(a.updated_at, g.updated_at)")),
        ("creator", creator),
        ("body", bodies),
        ("target", f"(SELECT array_to_json(array_agg({target})) FROM ({_SPAN_ROWS}) AS r)"),
        ("via", via),
    )
    # json_strip_nulls drops "via" for gold with no sources (the curator's own from nothing).
    sql = f"""
        SELECT json_strip_nulls({annotation})::text
        FROM annotations_goldclaim a
        JOIN annotations_goldsentence g ON g.id = a.gold_id
        JOIN annotations_sentence s ON s.id = g.sentence_id
        JOIN annotations_article ar ON ar.id = s.article_id
        JOIN annotations_label l ON l.id = a.label_id
        LEFT JOIN auth_user curator ON curator.id = g.curator_id
        {where_sql(conditions)}
        ORDER BY a.id
    """
    return ExportQuery(sql=sql, params=params)


def gold_claim_w3c(
    gold_claim_id: int, *, gold_iri: str, annotation_iri: str, article_iri: str
) -> dict | None:
    """One decided gold claim as a Web Annotation, as in the W3C export; None if there is none."""
    query = gold_w3c_query(
        ClaimFilters(),
        gold_iri=gold_iri,
        annotation_iri=annotation_iri,
        article_iri=article_iri,
        gold_claim_id=gold_claim_id,
    )
    with connections[reads_alias()].cursor() as cursor:
        cursor.execute(query.sql, query.params)
        row = cursor.fetchone()
    return None if row is None else json.loads(row[0])
