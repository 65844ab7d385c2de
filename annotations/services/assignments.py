"""Writes for assignments: who reads which article, one by one, in bulk, or balanced."""

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from annotations.models import Article, Assignment
from annotations.permissions import can_receive_assignments
from annotations.services.history import records_actor
from annotations.services.team import TeamError


@dataclass(frozen=True)
class AssignmentOutcome:
    """What a bulk assignment did: the pairs it added, and how many already existed."""

    created: list[tuple[Article, User]]
    already_assigned: int


@records_actor
def assignment_create(
    *,
    article: Article,
    reviewer: User,
    actor: User | None,
    due_on: datetime.date | None = None,
) -> AssignmentOutcome:
    """Assign one article to one reviewer; assigning it again changes nothing."""
    return assignment_create_bulk(
        articles=[article], reviewers=[reviewer], actor=actor, due_on=due_on
    )


@records_actor
def assignment_create_bulk(
    *,
    articles: Iterable[Article],
    reviewers: Iterable[User],
    actor: User | None,
    due_on: datetime.date | None = None,
) -> AssignmentOutcome:
    """Assign every article to every reviewer; existing assignments stay as they are."""
    articles, reviewers = _distinct(articles), _distinct(reviewers)
    _check_selection(articles, reviewers)
    existing = _existing_pairs(articles, reviewers)
    wanted = [(a, r) for a in articles for r in reviewers if (a.pk, r.pk) not in existing]
    _insert(wanted, actor=actor, due_on=due_on)
    return AssignmentOutcome(created=wanted, already_assigned=len(existing))


@records_actor
def assignments_balance(
    *,
    articles: Iterable[Article],
    reviewers: Iterable[User],
    per_article: int,
    actor: User | None,
    due_on: datetime.date | None = None,
) -> AssignmentOutcome:
    """Give each article exactly ``per_article`` of the reviewers, spreading the load evenly.

    Existing assignments between these articles and reviewers count towards both the article's
    quota and the reviewer's load. Each article takes the reviewers with the lowest load so
    far, then those with fewer assignments in the whole workspace, then in the order given;
    starting from no assignments, loads therefore never differ by more than one.
    """
    articles, reviewers = _distinct(articles), _distinct(reviewers)
    _check_selection(articles, reviewers)
    if per_article < 1:
        raise TeamError(_("Each article needs at least one reviewer."), field="per_article")
    if per_article > len(reviewers):
        raise TeamError(
            ngettext(
                "Each article cannot get %(count)d reviewers: only %(available)d is selected.",
                "Each article cannot get %(count)d reviewers: only %(available)d are selected.",
                len(reviewers),
            )
            % {"count": per_article, "available": len(reviewers)},
            field="per_article",
        )
    existing = _existing_pairs(articles, reviewers)
    load = Counter(reviewer_id for _article_id, reviewer_id in existing)
    workload = dict(
        Assignment.objects.filter(reviewer__in=reviewers)
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values_list("reviewer", "n")
    )
    position = {reviewer.pk: index for index, reviewer in enumerate(reviewers)}
    wanted: list[tuple[Article, User]] = []
    for article in articles:
        assigned = {r.pk for r in reviewers if (article.pk, r.pk) in existing}
        candidates = sorted(
            (r for r in reviewers if r.pk not in assigned),
            key=lambda r: (load[r.pk], workload.get(r.pk, 0), position[r.pk]),
        )
        for reviewer in candidates[: max(per_article - len(assigned), 0)]:
            wanted.append((article, reviewer))
            load[reviewer.pk] += 1
            workload[reviewer.pk] = workload.get(reviewer.pk, 0) + 1
    _insert(wanted, actor=actor, due_on=due_on)
    return AssignmentOutcome(created=wanted, already_assigned=len(existing))


@records_actor
def assignment_set_due(
    *, assignment: Assignment, due_on: datetime.date | None, actor: User | None
) -> Assignment:
    if assignment.due_on != due_on:
        assignment.due_on = due_on
        assignment.save(update_fields=["due_on"])
    return assignment


@records_actor
def assignment_delete(*, assignment: Assignment, actor: User | None) -> None:
    """Take an article off a reviewer's queue; the claims they made on it stay."""
    Assignment.objects.filter(pk=assignment.pk).delete()


def _distinct(items: Iterable) -> list:
    seen, result = set(), []
    for item in items:
        if item.pk not in seen:
            seen.add(item.pk)
            result.append(item)
    return result


def _check_selection(articles: Sequence[Article], reviewers: Sequence[User]) -> None:
    if not articles:
        raise TeamError(_("Select at least one article."), field="articles")
    if not reviewers:
        raise TeamError(_("Select at least one reviewer."), field="reviewers")
    refused = [r.get_username() for r in reviewers if not can_receive_assignments(r)]
    if refused:
        raise TeamError(
            _("Only active reviewers and admins can be assigned articles, not: %(names)s.")
            % {"names": ", ".join(refused)},
            field="reviewers",
        )


def _existing_pairs(articles: Sequence[Article], reviewers: Sequence[User]) -> set[tuple[int, int]]:
    return set(
        Assignment.objects.filter(article__in=articles, reviewer__in=reviewers).values_list(
            "article_id", "reviewer_id"
        )
    )


def _insert(
    pairs: Sequence[tuple[Article, User]],
    *,
    actor: User | None,
    due_on: datetime.date | None,
) -> None:
    with transaction.atomic():
        # A concurrent request may have made the same assignment since we looked; keep it.
        Assignment.objects.bulk_create(
            [
                Assignment(article=article, reviewer=reviewer, assigned_by=actor, due_on=due_on)
                for article, reviewer in pairs
            ],
            ignore_conflicts=True,
        )
