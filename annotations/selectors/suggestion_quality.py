"""Reads for the quality of machine suggestions: precision and recall per source and label
against gold (or, on sentences without gold, the reviewers' claims), and how often reviewers
accept or reject them. Only judged sentences count: an unreviewed sentence says nothing."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from annotations.models import (
    Annotation,
    GoldClaim,
    GoldSentence,
    Label,
    Suggestion,
    SuggestionDecision,
)
from annotations.suggesters.quality import ALL_LABELS, Proposed, QualityRow, Reference, measure

GOLD_STATES = (GoldSentence.State.AGREED, GoldSentence.State.ADJUDICATED)


@dataclass(frozen=True)
class QualityFigures:
    row: QualityRow
    label_name: str
    accepted: int
    rejected: int

    @property
    def decided(self) -> int:
        return self.accepted + self.rejected

    @property
    def acceptance(self) -> float | None:
        return self.accepted / self.decided if self.decided else None

    @property
    def rejection(self) -> float | None:
        return self.rejected / self.decided if self.decided else None


@dataclass(frozen=True)
class SuggestionQuality:
    rows: list[QualityFigures]
    gold_sentences: int
    claim_sentences: int


def suggestion_quality(*, article_ids: tuple[int, ...] | None = None) -> SuggestionQuality:
    """Figures per (source, label), each source's total last (measure's order)."""
    scope = Q(sentence__article_id__in=article_ids) if article_ids else Q()
    texts: dict[int, int] = {}  # sentence id -> length, for whole-sentence spans
    references: list[Reference] = []
    gold_ids: set[int] = set()
    for sentence_id, length, label, spans in GoldClaim.objects.filter(
        Q(gold__state__in=GOLD_STATES)
        & (Q(gold__sentence__article_id__in=article_ids) if article_ids else Q())
    ).values_list("gold__sentence_id", "gold__sentence__text", "label__slug", "spans"):
        references.append(Reference(sentence_id, label, _resolved(spans, len(length))))
    gold_ids = set(
        GoldSentence.objects.filter(
            Q(state__in=GOLD_STATES)
            & (Q(sentence__article_id__in=article_ids) if article_ids else Q())
        ).values_list("sentence_id", flat=True)
    )
    # Elsewhere the reviewers' claims, each distinct claim once.
    claimed: set[tuple[int, str, tuple]] = set()
    claim_sentences: set[int] = set()
    for sentence_id, text, label, spans in (
        Annotation.objects.filter(scope)
        .exclude(sentence_id__in=gold_ids)
        .values_list("sentence_id", "sentence__text", "label__slug", "spans")
    ):
        claim_sentences.add(sentence_id)
        texts[sentence_id] = len(text)
        claimed.add((sentence_id, label, _resolved(spans, len(text))))
    references.extend(Reference(s, label, spans) for s, label, spans in claimed)
    judged = gold_ids | claim_sentences
    proposed = [
        Proposed(sentence_id, label, _resolved(spans, len(text)), source)
        for sentence_id, text, label, spans, source in Suggestion.objects.filter(
            sentence_id__in=judged
        ).values_list("sentence_id", "sentence__text", "label__slug", "spans", "source")
    ]
    decisions: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        SuggestionDecision.objects.filter(
            Q(suggestion__sentence__article_id__in=article_ids) if article_ids else Q()
        )
        .values("suggestion__source", "suggestion__label__slug", "verdict")
        .annotate(n=Count("id"))
    ):
        for key in (row["suggestion__label__slug"], ALL_LABELS):
            decisions[row["suggestion__source"], key][row["verdict"]] += row["n"]
    names = {label.slug: label.shown_name for label in Label.objects.all()}
    rows = [
        QualityFigures(
            row=row,
            label_name=names.get(row.label, row.label),
            accepted=decisions[row.source, row.label]["accepted"],
            rejected=decisions[row.source, row.label]["rejected"],
        )
        for row in measure(proposed, references)
    ]
    return SuggestionQuality(
        rows=rows, gold_sentences=len(gold_ids), claim_sentences=len(claim_sentences)
    )


def _resolved(spans: list, length: int) -> tuple[tuple[int, int], ...]:
    """Spans as ranges; a whole-sentence claim (empty spans) covers the whole sentence."""
    if not spans:
        return ((0, length),)
    return tuple((start, end) for start, end in spans)
