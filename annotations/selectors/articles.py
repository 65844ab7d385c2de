"""Reads for the article pages: the reviewer's queue of articles with progress and assignments."""

from collections.abc import Iterable

from django.db import connection
from django.db.models import F, QuerySet

from annotations.models import Article, Assignment, WorkspaceSettings

# The queue's order after the assigned articles (served by annotations_article_queue_idx).
NEWEST_FIRST = (F("published_on").desc(nulls_last=True), F("imported_at").desc(), F("id").desc())
# Assigned articles: soonest due first, then as above.
SOONEST_DUE_FIRST = (
    F("due_on").asc(nulls_last=True),
    F("article__published_on").desc(nulls_last=True),
    F("article__imported_at").desc(),
    F("article_id").desc(),
)


class ArticleQueue:
    """The reviewer's articles: assigned ones first (soonest due first), then the newest.

    Read by Django's Paginator (``count()`` and slices). Each article of a slice carries
    ``sentence_count``, ``reviewed_count`` (sentences this reviewer has claimed or marked "no
    claim"), ``is_assigned`` and ``due_on``. Costs follow the page and the reviewer's own work,
    never the size of the corpus: the assigned articles are read whole (one reviewer's list), the
    others page by page along an index, and progress is counted for the page's articles only.
    A progress filter reads the articles this reviewer has started, from their own claims.
    """

    def __init__(
        self, *, reviewer, query: str, status: str, assigned_only: bool, everything: bool
    ) -> None:
        self.reviewer = reviewer
        articles = Article.objects.search(query)
        if status:
            started = reviewed_counts_of(reviewer=reviewer)
            if status == "not_started":
                articles = articles.exclude(id__in=list(started))
            else:
                totals = sentence_counts(started)
                wanted = {
                    article_id
                    for article_id, reviewed in started.items()
                    if (reviewed == totals.get(article_id)) == (status == "done")
                }
                articles = articles.filter(id__in=list(wanted))
        assigned = (
            Assignment.objects.filter(reviewer=reviewer, article__in=articles)
            .order_by(*SOONEST_DUE_FIRST)
            .values_list("article_id", "due_on")
        )
        self.assigned = list(assigned)
        self.others: QuerySet[Article] | None = None
        if everything and not assigned_only:
            mine = Assignment.objects.filter(reviewer=reviewer).values("article_id")
            self.others = articles.exclude(id__in=mine).order_by(*NEWEST_FIRST)
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            others = self.others.count() if self.others is not None else 0
            self._count = len(self.assigned) + others
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[Article]:
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        due = dict(self.assigned[start:stop])
        by_id = Article.objects.in_bulk(list(due)) if due else {}
        rows = [by_id[article_id] for article_id in due]
        if self.others is not None and stop > len(self.assigned):
            skip = max(start - len(self.assigned), 0)
            rows += list(self.others[skip : stop - len(self.assigned)])
        counts = progress_of(reviewer=self.reviewer, article_ids=[a.pk for a in rows])
        for article in rows:
            # Display annotations for the queue's template, set on the page's rows only.
            sentence_count, reviewed_count = counts.get(article.pk, (0, 0))
            vars(article).update(
                is_assigned=article.pk in due,
                due_on=due.get(article.pk),
                sentence_count=sentence_count,
                reviewed_count=reviewed_count,
            )
        return rows


def article_queue(
    *, reviewer, query: str = "", status: str = "", assigned_only: bool = False, everything: bool
) -> ArticleQueue:
    """The reviewer's queue (see ArticleQueue); ``everything`` lists unassigned articles too."""
    return ArticleQueue(
        reviewer=reviewer,
        query=query,
        status=status,
        assigned_only=assigned_only,
        everything=everything,
    )


def progress_of(*, reviewer, article_ids: list[int]) -> dict[int, tuple[int, int]]:
    """article id -> (sentences, sentences the reviewer has claimed or marked), in one query."""
    if not article_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.article_id, count(*),
                   count(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM annotations_annotation a
                       WHERE a.sentence_id = s.id AND a.reviewer_id = %(reviewer)s
                   ) OR EXISTS (
                       SELECT 1 FROM annotations_noclaimmark m
                       WHERE m.sentence_id = s.id AND m.reviewer_id = %(reviewer)s
                   ))
            FROM annotations_sentence s
            WHERE s.article_id = ANY(%(articles)s)
            GROUP BY s.article_id
            """,
            {"reviewer": reviewer.pk, "articles": article_ids},
        )
        return {article_id: (total, reviewed) for article_id, total, reviewed in cursor}


def reviewed_counts_of(*, reviewer) -> dict[int, int]:
    """article id -> sentences the reviewer has reviewed, for every article they started.

    Reads the reviewer's own claims and marks (reviewer-first indexes), not the corpus.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.article_id, count(*)
            FROM annotations_sentence s
            WHERE s.id IN (
                SELECT sentence_id FROM annotations_annotation WHERE reviewer_id = %(reviewer)s
                UNION
                SELECT sentence_id FROM annotations_noclaimmark WHERE reviewer_id = %(reviewer)s
            )
            GROUP BY s.article_id
            """,
            {"reviewer": reviewer.pk},
        )
        return dict(cursor.fetchall())


def sentence_counts(article_ids: Iterable[int]) -> dict[int, int]:
    ids = list(article_ids)
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT article_id, count(*) FROM annotations_sentence"
            " WHERE article_id = ANY(%s) GROUP BY article_id",
            [ids],
        )
        return dict(cursor.fetchall())


def reviewers_see_unassigned() -> bool:
    return not WorkspaceSettings.objects.filter(reviewers_may_open_unassigned=False).exists()
