"""Reads for the article pages: the reviewer's queue of articles with progress and assignments."""

from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from annotations.models import Article, Assignment, Sentence, WorkspaceSettings
from annotations.selectors.workspace import reviewed_sentences


def article_queue(
    *, reviewer, query: str = "", status: str = "", assigned_only: bool = False, everything: bool
) -> QuerySet[Article, Any]:
    """The reviewer's articles: assigned ones first (soonest due first), then the newest.

    Each article carries ``sentence_count``, ``reviewed_count`` (sentences this reviewer has
    claimed or marked "no claim"), ``is_assigned`` and ``due_on``. ``everything`` lists articles
    that are not assigned as well (admins, or reviewers when the workspace settings allow it).
    """
    mine = Assignment.objects.filter(article=OuterRef("pk"), reviewer=reviewer)
    reviewed = (
        Sentence.objects.filter(article=OuterRef("pk"))
        .filter(reviewed_sentences(reviewer))
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    articles = (
        Article.objects.search(query)
        .with_sentence_count()
        .annotate(
            reviewed_count=Coalesce(Subquery(reviewed, output_field=IntegerField()), Value(0)),
            is_assigned=Exists(mine),
            due_on=Subquery(mine.values("due_on")[:1]),
        )
        .only("id", "title", "source", "published_on", "imported_at", "language")
    )
    if assigned_only or not everything:
        articles = articles.filter(is_assigned=True)
    if status == "not_started":
        articles = articles.filter(reviewed_count=0)
    elif status == "in_progress":
        articles = articles.filter(reviewed_count__gt=0, reviewed_count__lt=F("sentence_count"))
    elif status == "done":
        articles = articles.filter(reviewed_count=F("sentence_count"))
    # Meta.ordering does not apply to aggregating queries, so the order is spelled out.
    return articles.order_by(
        F("is_assigned").desc(),
        F("due_on").asc(nulls_last=True),
        F("published_on").desc(nulls_last=True),
        "-imported_at",
        "-id",
    )


def reviewers_see_unassigned() -> bool:
    return not WorkspaceSettings.objects.filter(reviewers_may_open_unassigned=False).exists()
