"""Reads for the agreement figures: reviewers' work from the database into annotations.agreement.

``agreement_for(filters)`` is what the agreement pages, ``GET /api/agreement/`` and the dataset
cards use: the report of annotations.agreement with reviewers named by username, labels by
slug and articles by id, plus the titles of the articles it covers.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F

from annotations.agreement import Claim, Report, Review, agreement_report
from annotations.models import Annotation, Article, GoldClaim, GoldSentence, Label, NoClaimMark


@dataclass(frozen=True)
class AgreementFilters:
    """Which reviews count. ``since``/``until``: a reviewer's review of a sentence counts when
    its last change (a claim's update, a "no claim" mark) falls in ``[since, until)``."""

    article_ids: tuple[int, ...] | None = None
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None


@dataclass(frozen=True)
class Agreement:
    report: Report
    labels: dict[str, str]  # slug -> name, in the labels' order
    articles: dict[int, str]  # id -> title, of the articles with reviews


def agreement_reviews(filters: AgreementFilters) -> list[Review]:
    """Every (sentence, reviewer) review passing the filters, in two queries."""
    claims = Annotation.objects.all()
    marks = NoClaimMark.objects.all()
    if filters.article_ids is not None:
        claims = claims.filter(sentence__article_id__in=filters.article_ids)
        marks = marks.filter(sentence__article_id__in=filters.article_ids)
    by_review: dict[tuple, list] = defaultdict(list)
    last: dict[tuple, datetime.datetime] = {}
    info: dict[int, tuple[int, int]] = {}
    rows = claims.values_list(
        "sentence_id",
        "reviewer__username",
        "label__slug",
        "spans",
        "updated_at",
        "sentence__article_id",
    ).annotate(length=F("sentence__end") - F("sentence__start"))
    for sentence_id, reviewer, label, spans, updated_at, article_id, length in rows.iterator(
        chunk_size=5000
    ):
        key = (sentence_id, reviewer)
        by_review[key].append(Claim(label, tuple((s, e) for s, e in spans)))
        if key not in last or updated_at > last[key]:
            last[key] = updated_at
        info[sentence_id] = (article_id, length)
    mark_rows = marks.values_list(
        "sentence_id", "reviewer__username", "created_at", "sentence__article_id"
    ).annotate(length=F("sentence__end") - F("sentence__start"))
    for sentence_id, reviewer, created_at, article_id, length in mark_rows.iterator(
        chunk_size=5000
    ):
        key = (sentence_id, reviewer)
        by_review.setdefault(key, [])
        last[key] = max(last.get(key, created_at), created_at)
        info[sentence_id] = (article_id, length)
    reviews = []
    for (sentence_id, reviewer), found in by_review.items():
        changed = last[(sentence_id, reviewer)]
        if filters.since is not None and changed < filters.since:
            continue
        if filters.until is not None and changed >= filters.until:
            continue
        article_id, length = info[sentence_id]
        reviews.append(Review(sentence_id, reviewer, tuple(found), length, article_id))
    return reviews


def gold_label_sets(sentence_ids) -> dict[int, frozenset]:
    """Decided gold per sentence as a set of label slugs ("no claim" is the empty set)."""
    decided = GoldSentence.objects.filter(decided_at__isnull=False)
    sets: dict[int, set] = {
        pk: set() for pk in decided.values_list("sentence_id", flat=True) if pk in sentence_ids
    }
    for sentence_id, slug in GoldClaim.objects.filter(gold__in=decided).values_list(
        "gold__sentence_id", "label__slug"
    ):
        if sentence_id in sets:
            sets[sentence_id].add(slug)
    return {pk: frozenset(s) for pk, s in sets.items()}


def agreement_for(filters: AgreementFilters, *, bootstrap: int = 1000) -> Agreement:
    """The agreement report for these filters; gold must be refreshed first (gold_refresh)."""
    reviews = agreement_reviews(filters)
    labels = {label.slug: label.shown_name for label in Label.objects.order_by("order", "name")}
    units = {review.unit for review in reviews}
    report = agreement_report(
        reviews, labels=list(labels), gold=gold_label_sets(units), bootstrap=bootstrap
    )
    article_ids = {group.group for group in report.groups}
    articles = dict(
        Article.objects.filter(pk__in=[int(str(pk)) for pk in article_ids]).values_list(
            "id", "title"
        )
    )
    return Agreement(report=report, labels=labels, articles=articles)
