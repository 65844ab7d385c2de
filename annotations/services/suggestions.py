"""Writes for machine suggestions: storing what the sources propose, and reviewers' decisions.

Suggestions for a set of articles are stored in one transaction (the caller's unit of work):
one upsert on the unique key (sentence, source, label, spans), so computing an article twice
(a retried job, a second worker) leaves one row per proposal, and one DELETE of the proposals a
source no longer makes, unless a reviewer already decided on them. Accepting goes through the
claim service like any claim, so revision, history, undo and the change feed are the same.
"""

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils.translation import gettext as _

from annotations.models import (
    Annotation,
    Article,
    Label,
    Sentence,
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
    for sentence_id, article_id, text in (
        Sentence.objects.filter(article_id__in=article_ids)
        .order_by("article_id", "position")
        .values_list("id", "article_id", "text")
    ):
        texts[article_id].append((sentence_id, text))
    rows: list[Suggestion] = []
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


def _row(item, sentences: list[tuple[int, str]], labels: dict[str, Label]) -> Suggestion | None:
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
    return Suggestion(
        sentence_id=sentence_id,
        label=labels[item.label],
        spans=spans,
        speaker=item.speaker.strip()[:200],
        reason=item.reason,
        score=item.score,
        source=item.source[:100],
        version=item.version[:100],
    )


def _upsert(rows: list[Suggestion]) -> set[int]:
    # The same proposal twice in one answer would make PostgreSQL's upsert touch a row twice.
    unique = {(r.sentence_id, r.source, r.label.pk, str(r.spans)): r for r in rows}
    stored = Suggestion.objects.bulk_create(
        unique.values(),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["sentence", "source", "label", "spans"],
        update_fields=["speaker", "reason", "score", "version"],
    )
    return {row.pk for row in stored}


def _delete_withdrawn(answered: dict[str, list[int]], kept: set[int]) -> None:
    """Proposals a source no longer makes go, unless a reviewer decided on them."""
    with connection.cursor() as cursor:
        for source, sentence_ids in answered.items():
            cursor.execute(
                """
                DELETE FROM annotations_suggestion s
                WHERE s.sentence_id = ANY(%s) AND s.source = %s AND NOT (s.id = ANY(%s))
                  AND NOT EXISTS (SELECT 1 FROM annotations_suggestiondecision d
                                  WHERE d.suggestion_id = s.id)
                  AND NOT EXISTS (SELECT 1 FROM annotations_annotation a
                                  WHERE a.suggestion_id = s.id)
                """,
                [sentence_ids, source, list(kept)],
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
