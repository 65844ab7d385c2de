"""Reads for curators: the disagreement queue and the adjudication workspace of an article.

The workspace loads an article's sentences, every reviewer's claims and marks, the gold and the
labels in a fixed number of queries, whatever the number of sentences or reviewers, and works
out per sentence which characters the reviewers disagree on.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from annotations.gold_merge import Proposal, ReviewerClaim, premerge
from annotations.models import (
    Annotation,
    Article,
    GoldClaim,
    GoldSentence,
    GoldSettings,
    Label,
    NoClaimMark,
    Sentence,
)

OPEN_STATES = (GoldSentence.State.DISPUTED, GoldSentence.State.STALE)


@dataclass(frozen=True)
class QueueFilters:
    article_id: int | None = None
    label_id: int | None = None
    reviewer_id: int | None = None
    states: tuple[str, ...] = OPEN_STATES


def gold_queue(filters: QueueFilters) -> QuerySet[GoldSentence]:
    """Sentences waiting for a curator, lowest agreement first (annotations_gold_queue_idx)."""
    rows = GoldSentence.objects.filter(state__in=filters.states).select_related("sentence__article")
    if filters.article_id is not None:
        rows = rows.filter(sentence__article_id=filters.article_id)
    if filters.label_id is not None:
        rows = rows.filter(
            Exists(Annotation.objects.filter(sentence=OuterRef("sentence"), label=filters.label_id))
        )
    if filters.reviewer_id is not None:
        rows = rows.filter(
            Exists(
                Annotation.objects.filter(
                    sentence=OuterRef("sentence"), reviewer=filters.reviewer_id
                )
            )
            | Exists(
                NoClaimMark.objects.filter(
                    sentence=OuterRef("sentence"), reviewer=filters.reviewer_id
                )
            )
        )
    return rows.order_by("agreement", "sentence_id")


def gold_state_counts(*, article_id: int | None = None) -> dict[str, int]:
    rows = GoldSentence.objects.all()
    if article_id is not None:
        rows = rows.filter(sentence__article_id=article_id)
    counts = dict(rows.values_list("state").annotate(n=Count("id")).order_by())
    return {state: counts.get(state, 0) for state in GoldSentence.State.values}


def queue_articles() -> list[tuple[int, str, int]]:
    """Articles with open sentences: (id, title, how many), most open first."""
    rows = (
        GoldSentence.objects.filter(state__in=OPEN_STATES)
        .values_list("sentence__article_id", "sentence__article__title")
        .annotate(n=Count("id"))
        .order_by("-n", "sentence__article_id")
    )
    return list(rows)


# The workspace -------------------------------------------------------------------------------


@dataclass
class Segment:
    """A run of a sentence's text with the same coverage throughout."""

    text: str
    start: int
    labels: list[Label]  # the labels of this column's claims covering it
    differs: bool  # reviewers do not all give these characters the same labels


@dataclass
class ClaimView:
    annotation: Annotation
    label: Label
    texts: list[str]


@dataclass
class ReviewerColumn:
    number: int  # 1-based; the key that takes this reviewer's claims
    reviewer: Any
    shown_name: str
    reviewed: bool
    no_claim: bool
    claims: list[ClaimView]
    segments: list[Segment]


@dataclass
class GoldView:
    gold: GoldSentence | None
    claims: list[tuple[GoldClaim, list[str]]]  # with the claimed words


@dataclass
class AdjudicationRow:
    sentence: Sentence
    columns: list[ReviewerColumn]
    proposal: Proposal
    proposal_claims: list[tuple[Label, list[str], str]]
    gold: GoldView
    differing: int  # characters the reviewers disagree on
    state: str
    is_open: bool
    version: int = field(default=1)


def adjudication_reviewers(article: Article) -> list:
    """Everyone with work on the article, numbered in a fixed order (by account)."""
    claimed = Annotation.objects.filter(sentence__article=article).values("reviewer")
    marked = NoClaimMark.objects.filter(sentence__article=article).values("reviewer")
    return list(
        get_user_model()
        .objects.filter(Q(pk__in=claimed) | Q(pk__in=marked))
        .order_by("pk")
        .only("pk", "username", "first_name", "last_name")
    )


# Sentences rendered per request: the page opens with the first chunk and loads the next as the
# curator scrolls or moves past the last one (each row costs about half a millisecond with five
# reviewers, so a long article would otherwise take seconds to open).
CHUNK_SIZE = 100


def adjudication_sentence_ids(*, article: Article, only_open: bool) -> list[int]:
    """The sentences the adjudication page lists, in reading order: the open ones or all."""
    sentences = article.sentences.all()
    if only_open:
        sentences = sentences.filter(gold__state__in=OPEN_STATES)
    return list(sentences.order_by("position").values_list("pk", flat=True))


def adjudication_rows(
    *, article: Article, sentence_ids: list[int] | None = None, hide_names: bool = False
) -> tuple[list[AdjudicationRow], list]:
    """Every sentence of the article (or these ones) ready for the adjudication page."""
    chosen = article.sentences.all()
    if sentence_ids is not None:
        chosen = chosen.filter(pk__in=sentence_ids)
    sentences = list(chosen.order_by("position"))
    ids = [s.pk for s in sentences]
    labels = {label.pk: label for label in Label.objects.all()}
    reviewers = adjudication_reviewers(article)
    claims: dict[int, list[Annotation]] = defaultdict(list)
    for claim in Annotation.objects.filter(sentence_id__in=ids).order_by("id"):
        claims[claim.sentence_id].append(claim)
    marks: dict[int, set[int]] = defaultdict(set)
    for sentence_id, reviewer_id in NoClaimMark.objects.filter(sentence_id__in=ids).values_list(
        "sentence_id", "reviewer_id"
    ):
        marks[sentence_id].add(reviewer_id)
    golds = {
        g.sentence_id: g
        for g in GoldSentence.objects.filter(sentence_id__in=ids).select_related("curator")
    }
    gold_claims: dict[int, list[GoldClaim]] = defaultdict(list)
    for gold_claim in GoldClaim.objects.filter(gold__in=golds.values()).order_by("id"):
        gold_claims[gold_claim.gold_id].append(gold_claim)
    settings_row = GoldSettings.load()
    rows = []
    for sentence in sentences:
        rows.append(
            _row(
                sentence,
                reviewers,
                claims[sentence.pk],
                marks[sentence.pk],
                golds.get(sentence.pk),
                labels,
                gold_claims,
                settings_row,
                hide_names,
            )
        )
    return rows, reviewers


def _row(sentence, reviewers, claims, marks, gold, labels, gold_claims, settings_row, hide_names):
    length = sentence.end - sentence.start
    by_reviewer: dict[int, list[Annotation]] = defaultdict(list)
    for claim in claims:
        claim.sentence = sentence  # span_texts reads it; no query
        by_reviewer[claim.reviewer_id].append(claim)
    reviewed = [r for r in reviewers if r.pk in by_reviewer or r.pk in marks]
    reviewed_ids = {r.pk for r in reviewed}
    coverage = {
        r.pk: [(claim.label_id, _ranges(claim.spans, length)) for claim in by_reviewer[r.pk]]
        for r in reviewed
    }
    differs = _differing(coverage, length)
    columns = []
    for number, reviewer in enumerate(reviewers, start=1):
        if reviewer.pk not in reviewed_ids:
            continue
        name = _anonymous(number) if hide_names else _display(reviewer)
        columns.append(
            ReviewerColumn(
                number=number,
                reviewer=reviewer,
                shown_name=name,
                reviewed=True,
                no_claim=reviewer.pk in marks,
                claims=[
                    ClaimView(c, labels[c.label_id], c.span_texts) for c in by_reviewer[reviewer.pk]
                ],
                segments=_segments(sentence.text, coverage[reviewer.pk], differs, labels),
            )
        )
    proposal = premerge(
        [
            ReviewerClaim(
                c.pk,
                c.reviewer_id,
                c.revision,
                c.label_id,
                tuple((int(s), int(e)) for s, e in c.spans),
                c.attributed_to,
            )
            for c in claims
        ],
        marks,
        length=length,
        required=settings_row.reviewers_required,
        rule=settings_row.rule,
    )
    own_gold = gold_claims.get(gold.pk, []) if gold is not None else []
    for gold_claim in own_gold:
        gold_claim.label = labels[gold_claim.label_id]
    state = gold.state if gold is not None else GoldSentence.State.WAITING
    return AdjudicationRow(
        sentence=sentence,
        columns=columns,
        proposal=proposal,
        proposal_claims=[
            (
                labels[c.label_id],
                [sentence.text[s:e] for s, e in c.spans] or [sentence.text],
                c.attributed_to,
            )
            for c in proposal.claims
        ],
        gold=GoldView(
            gold=gold,
            claims=[
                (c, [sentence.text[a:b] for a, b in c.spans] or [sentence.text]) for c in own_gold
            ],
        ),
        differing=sum(differs),
        state=state,
        is_open=state in OPEN_STATES,
        version=gold.version if gold is not None else 1,
    )


def _anonymous(number: int) -> str:
    return _("Reviewer %(n)d") % {"n": number}


def _display(user) -> str:
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.username


def _ranges(spans, length: int) -> tuple[tuple[int, int], ...]:
    return tuple((int(s), int(e)) for s, e in spans) if spans else ((0, length),)


def _differing(coverage: dict[int, list], length: int) -> list[bool]:
    """Per character: do the reviewers give it different sets of labels?"""
    if len(coverage) < 2:
        return [False] * length
    cuts = {0, length}
    for claims in coverage.values():
        for _label, ranges in claims:
            for start, end in ranges:
                cuts.update((start, end))
    points = sorted(c for c in cuts if 0 <= c <= length)
    result = [False] * length
    for start, end in itertools.pairwise(points):
        sets = {
            frozenset(label for label, ranges in claims if any(s <= start < e for s, e in ranges))
            for claims in coverage.values()
        }
        if len(sets) > 1:
            result[start:end] = [True] * (end - start)
    return result


def _segments(text: str, claims: list, differs: list[bool], labels: dict) -> list[Segment]:
    """The sentence cut where this column's coverage or the disagreement changes."""
    length = len(text)
    cuts = {0, length}
    for _label, ranges in claims:
        for start, end in ranges:
            cuts.update((start, end))
    cuts.update(i for i in range(1, length) if differs[i] != differs[i - 1])
    points = sorted(c for c in cuts if 0 <= c <= length)
    segments = []
    for start, end in itertools.pairwise(points):
        covering = [
            labels[label] for label, ranges in claims if any(s <= start < e for s, e in ranges)
        ]
        segments.append(Segment(text[start:end], start, covering, differs[start]))
    return segments


def reviewer_gold_sentences(*, article: Article, reviewer) -> QuerySet[GoldSentence]:
    """The article's sentences with gold, whether or not this reviewer has reviewed them."""
    return GoldSentence.objects.filter(sentence__article=article, decided_at__isnull=False)


def _reviewed_by(reviewer) -> Q:
    return Q(
        Exists(Annotation.objects.filter(sentence=OuterRef("sentence"), reviewer=reviewer))
    ) | Q(Exists(NoClaimMark.objects.filter(sentence=OuterRef("sentence"), reviewer=reviewer)))


def reviewer_gold_withheld(*, article: Article, reviewer) -> int:
    """How many of the article's gold sentences wait until this reviewer has reviewed them."""
    return (
        reviewer_gold_sentences(article=article, reviewer=reviewer)
        .exclude(_reviewed_by(reviewer))
        .count()
    )


def reviewer_gold_rows(*, article: Article, reviewer) -> list[dict]:
    """For a reviewer learning from gold: each decided sentence they reviewed, gold beside it.

    Only sentences the reviewer has reviewed: gold seen before one's own judgement would lead
    it, and the reviewer's claims would no longer be an independent opinion.
    """
    golds = list(
        reviewer_gold_sentences(article=article, reviewer=reviewer)
        .filter(_reviewed_by(reviewer))
        .select_related("sentence")
        .order_by("sentence__position")
    )
    ids = [g.sentence_id for g in golds]
    mine: dict[int, list[Annotation]] = defaultdict(list)
    for claim in Annotation.objects.filter(sentence_id__in=ids, reviewer=reviewer).select_related(
        "label"
    ):
        mine[claim.sentence_id].append(claim)
    marked = set(
        NoClaimMark.objects.filter(sentence_id__in=ids, reviewer=reviewer).values_list(
            "sentence_id", flat=True
        )
    )
    gold_claims: dict[int, list[GoldClaim]] = defaultdict(list)
    for gold_claim in GoldClaim.objects.filter(gold__in=golds).select_related("label"):
        gold_claims[gold_claim.gold_id].append(gold_claim)
    rows = []
    for gold in golds:
        sentence = gold.sentence
        for claim in mine[sentence.pk]:
            claim.sentence = sentence
        own = {(c.label_id, _ranges(c.spans, len(sentence.text))) for c in mine[sentence.pk]}
        wanted = {(c.label_id, _ranges(c.spans, len(sentence.text))) for c in gold_claims[gold.pk]}
        rows.append(
            {
                "sentence": sentence,
                "gold": gold,
                "gold_claims": [
                    (c, [sentence.text[s:e] for s, e in c.spans] or [sentence.text])
                    for c in gold_claims[gold.pk]
                ],
                "mine": mine[sentence.pk],
                "no_claim": sentence.pk in marked,
                "matches": own == wanted and (sentence.pk in marked) == gold.no_claim,
            }
        )
    return rows
