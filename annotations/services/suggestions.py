"""Writes for machine suggestions: storing what the sources propose, and reviewers' decisions.

Suggestions for a set of articles are stored in one transaction (the caller's unit of work):
one upsert on the unique key (sentence, source, label, spans), so computing an article twice
(a retried job, a second worker) leaves one row per proposal, and one DELETE of the proposals a
source no longer makes, unless a reviewer already decided on them. Accepting goes through the
claim service like any claim, so revision, history, undo and the change feed are the same.
"""

import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils.translation import gettext as _

from annotations.models import (
    Annotation,
    Article,
    Label,
    Suggestion,
    SuggestionDecision,
)
from annotations.services.claims import ClaimError, ClaimOutcome, annotation_create
from annotations.spans import InvalidSpans, normalise_spans
from annotations.suggesters.base import ArticleText, Source, SourceUnavailable
from annotations.suggestion_sources import configured_sources

logger = logging.getLogger(__name__)


@dataclass
class SuggestionReport:
    stored: int = 0
    skipped: int = 0
    # [(article id, message)] for sources that could not answer.
    errors: list[tuple[int, str]] = field(default_factory=list)


def suggestions_compute(
    *, article_ids: Sequence[int], sources: Sequence[Source] | None = None
) -> SuggestionReport:
    """Ask every source about each article and store what they propose (see module doc)."""
    report = SuggestionReport()
    if sources is None:
        sources = configured_sources()
    if not sources or not article_ids:
        return report
    labels = {label.slug: label for label in Label.objects.all()}
    texts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    with connection.cursor() as cursor:
        # Driven by the article ids through the (article, position) index whatever the
        # statistics say: right after a large import they describe a much smaller table.
        cursor.execute(
            """
            SELECT s.id, s.article_id, s.text
            FROM unnest(%s::bigint[]) AS chosen(article_id)
            CROSS JOIN LATERAL (
                SELECT id, article_id, text, position FROM annotations_sentence
                WHERE article_id = chosen.article_id ORDER BY position
            ) AS s
            """,
            [list(article_ids)],
        )
        for sentence_id, article_id, text in cursor.fetchall():
            texts[article_id].append((sentence_id, text))
    rows: list[_Row] = []
    answered: dict[str, list[int]] = defaultdict(list)  # source -> sentence ids it spoke for
    for article_id, title, language in Article.objects.filter(pk__in=article_ids).values_list(
        "id", "title", "language"
    ):
        sentences = texts.get(article_id, [])
        article = ArticleText(title, language, tuple(text for _, text in sentences))
        for source in sources:
            try:
                proposed = source.suggest(article)
            except SourceUnavailable as error:
                report.errors.append((article_id, str(error)))
                continue
            answered[source.name].extend(sentence_id for sentence_id, _ in sentences)
            for item in proposed:
                row = _row(item, sentences, labels)
                if row is None:
                    report.skipped += 1
                else:
                    rows.append(row)
    with transaction.atomic():
        kept = _upsert(rows)
        _delete_withdrawn(answered, kept)
    report.stored = len(rows)
    if report.skipped:
        logger.warning(
            "suggestions: %d proposals skipped (bad sentence, label or spans)", report.skipped
        )
    return report


class _Row(NamedTuple):
    sentence_id: int
    label_id: int
    spans: str  # JSON
    speaker: str
    reason: str
    score: float
    source: str
    version: str


def _row(item, sentences: list[tuple[int, str]], labels: dict[str, Label]) -> _Row | None:
    """The row for one proposal, or None when it names no sentence, label or valid spans."""
    if not 0 <= item.sentence < len(sentences) or item.label not in labels:
        return None
    sentence_id, text = sentences[item.sentence]
    try:
        spans = normalise_spans([list(span) for span in item.spans], text=text)
    except InvalidSpans:
        return None
    if not 0 <= item.score <= 1 or not item.source:
        return None
    return _Row(
        sentence_id,
        labels[item.label].pk,
        json.dumps(spans),
        item.speaker.strip()[:200],
        item.reason,
        float(item.score),
        item.source[:100],
        item.version[:100],
    )


def _upsert(rows: list[_Row]) -> set[int]:
    """One INSERT ... ON CONFLICT for all rows (Django's bulk_create costs several times more
    per row, and a large import stores tens of thousands)."""
    # The same proposal twice in one answer would make PostgreSQL's upsert touch a row twice.
    unique = list({(r.sentence_id, r.source, r.label_id, r.spans): r for r in rows}.values())
    if not unique:
        return set()
    columns = [list(column) for column in zip(*unique, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO annotations_suggestion
                (sentence_id, label_id, spans, speaker, reason, score, source, version)
            SELECT sentence_id, label_id, spans::jsonb, speaker, reason, score, source, version
            FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::text[],
                        %s::float8[], %s::text[], %s::text[])
                AS batch(sentence_id, label_id, spans, speaker, reason, score, source, version)
            ON CONFLICT (sentence_id, source, label_id, spans) DO UPDATE
                SET speaker = EXCLUDED.speaker, reason = EXCLUDED.reason,
                    score = EXCLUDED.score, version = EXCLUDED.version
            RETURNING id
            """,
            columns,
        )
        return {row[0] for row in cursor.fetchall()}


def _delete_withdrawn(answered: dict[str, list[int]], kept: set[int]) -> None:
    """Proposals a source no longer makes go, unless a reviewer decided on them.

    The stored rows are looked up sentence by sentence through the unique index (statistics
    right after a large import would make PostgreSQL scan the table instead); for new articles
    there is nothing to delete and no DELETE is sent.
    """
    with connection.cursor() as cursor:
        for source, sentence_ids in answered.items():
            cursor.execute(
                """
                SELECT g.id FROM unnest(%s::bigint[]) AS chosen(sentence_id)
                CROSS JOIN LATERAL (
                    SELECT id FROM annotations_suggestion
                    WHERE sentence_id = chosen.sentence_id AND source = %s
                ) AS g
                """,
                [sentence_ids, source],
            )
            withdrawn = [row[0] for row in cursor.fetchall() if row[0] not in kept]
            if not withdrawn:
                continue
            cursor.execute(
                """
                DELETE FROM annotations_suggestion s
                WHERE s.id = ANY(%s)
                  AND NOT EXISTS (SELECT 1 FROM annotations_suggestiondecision d
                                  WHERE d.suggestion_id = s.id)
                  AND NOT EXISTS (SELECT 1 FROM annotations_annotation a
                                  WHERE a.suggestion_id = s.id)
                """,
                [withdrawn],
            )


def suggestion_accept(
    *,
    suggestion: Suggestion,
    reviewer: User,
    label: Label | None = None,
    attributed_to: str | None = None,
    note: str = "",
) -> ClaimOutcome:
    """The suggestion becomes the reviewer's claim (edited first when label etc. are given)."""
    with transaction.atomic():
        outcome = annotation_create(
            sentence=suggestion.sentence,
            reviewer=reviewer,
            label=label or suggestion.label,
            spans=suggestion.spans,
            attributed_to=suggestion.speaker if attributed_to is None else attributed_to,
            note=note,
            suggestion=suggestion,
        )
        SuggestionDecision.objects.update_or_create(
            suggestion=suggestion,
            reviewer=reviewer,
            defaults={"verdict": SuggestionDecision.Verdict.ACCEPTED, "claim": outcome.annotation},
        )
    return outcome


def suggestion_reject(*, suggestion: Suggestion, reviewer: User) -> SuggestionDecision:
    """Record that the reviewer does not want this suggestion; it leaves their workspace."""
    with transaction.atomic():
        current = (
            SuggestionDecision.objects.select_for_update()
            .filter(suggestion=suggestion, reviewer=reviewer)
            .first()
        )
        if current is not None and current.claim_id is not None:
            raise ClaimError(_("You accepted this suggestion; delete the claim it became instead."))
        decision, _created = SuggestionDecision.objects.update_or_create(
            suggestion=suggestion,
            reviewer=reviewer,
            defaults={"verdict": SuggestionDecision.Verdict.REJECTED, "claim": None},
        )
    return decision


def suggestions_clear_for_sentences(*, sentence_ids: Sequence[int]) -> None:
    """Drop undecided suggestions of sentences whose text changed (a split or merge)."""
    Suggestion.objects.filter(sentence_id__in=sentence_ids, decisions__isnull=True).exclude(
        pk__in=Annotation.objects.filter(suggestion__isnull=False).values("suggestion_id")
    ).delete()
