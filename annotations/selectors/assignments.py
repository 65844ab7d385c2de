"""Reads for assignments: who reads which article, and how far each reviewer has got.

A reviewer has reviewed a sentence when they made a claim on it or marked it "reviewed – no
claim"; an assignment is done when they have reviewed every sentence of the article.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from annotations.models import Annotation, Article, Assignment, NoClaimMark, Sentence


class AssignmentStatus:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class AssignmentProgress:
    assignment: Assignment
    reviewed: int
    total: int

    @property
    def reviewer(self) -> User:
        return self.assignment.reviewer

    @property
    def done(self) -> bool:
        return self.total > 0 and self.reviewed >= self.total

    @property
    def started(self) -> bool:
        return self.reviewed > 0

    @property
    def percent(self) -> int:
        return round(100 * self.reviewed / self.total) if self.total else 0

    @property
    def overdue(self) -> bool:
        due_on = self.assignment.due_on
        return due_on is not None and due_on < timezone.localdate() and not self.done


def with_progress(assignments: QuerySet[Assignment]) -> QuerySet[Assignment, Any]:
    """Add ``sentences_reviewed`` and ``sentence_total`` to each assignment, in SQL."""
    sentences = Sentence.objects.filter(article=OuterRef("article"))
    by_reviewer = {"sentence": OuterRef("pk"), "reviewer": OuterRef(OuterRef("reviewer"))}
    reviewed = sentences.filter(
        Exists(Annotation.objects.filter(**by_reviewer))
        | Exists(NoClaimMark.objects.filter(**by_reviewer))
    )
    return assignments.annotate(
        sentence_total=_count(sentences),
        sentences_reviewed=_count(reviewed),
    )


def assignments_for_article(*, article: Article) -> list[AssignmentProgress]:
    """Who is assigned ``article``, with each reviewer's progress, for the article page."""
    assignments = with_progress(
        Assignment.objects.filter(article=article)
        .select_related("reviewer", "assigned_by")
        .order_by("reviewer__username")
    )
    return progress_of(assignments)


def assignments_of_reviewer(*, reviewer: User) -> list[AssignmentProgress]:
    """A reviewer's assignments with progress, soonest due first, for their team page."""
    assignments = with_progress(
        Assignment.objects.filter(reviewer=reviewer)
        .select_related("article", "reviewer")
        .order_by(F("due_on").asc(nulls_last=True), "-created_at")
    )
    return progress_of(assignments)


def assignment_list(
    *,
    reviewer: User | None = None,
    status: str = "",
    query: str = "",
    due_before: datetime.date | None = None,
) -> QuerySet[Assignment]:
    """Assignments for the admin list, filtered, soonest due first; wrap rows with progress_of."""
    assignments = with_progress(
        Assignment.objects.select_related("article", "reviewer", "assigned_by")
    )
    if reviewer is not None:
        assignments = assignments.filter(reviewer=reviewer)
    if query:
        assignments = assignments.filter(article__title__icontains=query)
    if due_before is not None:
        assignments = assignments.filter(due_on__lte=due_before)
    done = Q(sentence_total__gt=0, sentences_reviewed__gte=F("sentence_total"))
    if status == AssignmentStatus.DONE:
        assignments = assignments.filter(done)
    elif status == AssignmentStatus.NOT_STARTED:
        assignments = assignments.filter(Q(sentences_reviewed=0))
    elif status == AssignmentStatus.IN_PROGRESS:
        assignments = assignments.filter(Q(sentences_reviewed__gt=0)).exclude(done)
    elif status == AssignmentStatus.OVERDUE:
        assignments = assignments.filter(due_on__lt=timezone.localdate()).exclude(done)
    return assignments.order_by(
        F("due_on").asc(nulls_last=True), "article__title", "reviewer__username", "pk"
    )


def progress_of(assignments) -> list[AssignmentProgress]:
    return [
        AssignmentProgress(
            assignment=assignment,
            reviewed=assignment.sentences_reviewed,
            total=assignment.sentence_total,
        )
        for assignment in assignments
    ]


def articles_for_assignment(*, query: str = "", unassigned_only: bool = False) -> QuerySet:
    """Articles to pick from when assigning, newest first, with how many reviewers each has."""
    articles = Article.objects.search(query).annotate(
        reviewer_count=_count(Assignment.objects.filter(article=OuterRef("pk")))
    )
    if unassigned_only:
        articles = articles.filter(reviewer_count=0)
    return articles.only("id", "title", "source", "published_on", "imported_at").order_by(
        "-published_on", "-imported_at", "-id"
    )


def _count(rows: QuerySet) -> Coalesce:
    # COUNT as a plain function, not an aggregate: Django then adds no GROUP BY, and the
    # subquery is one number per outer row.
    counted = rows.order_by().annotate(
        n=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    return Coalesce(Subquery(counted.values("n")), 0)
