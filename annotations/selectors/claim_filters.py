"""The claim filters (article, reviewer, label, updated_since) in their one definition.

The API's claim list filters a queryset and the exports filter SQL; both forms live here,
side by side, and tests check that they select the same claims.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class ClaimFilters:
    """Which claims a list or export holds; ``None`` leaves a filter off. Ids are resolved."""

    article_id: int | None = None
    reviewer_id: int | None = None
    label_id: int | None = None
    updated_since: datetime.datetime | None = None

    def filter_queryset(self, claims: QuerySet) -> QuerySet:
        """The claims of an Annotation queryset that pass the filters."""
        if self.article_id is not None:
            claims = claims.filter(sentence__article_id=self.article_id)
        if self.reviewer_id is not None:
            claims = claims.filter(reviewer_id=self.reviewer_id)
        if self.label_id is not None:
            claims = claims.filter(label_id=self.label_id)
        if self.updated_since is not None:
            claims = claims.filter(updated_at__gte=self.updated_since)
        return claims

    def sql_conditions(self, *, alias: str = "a") -> tuple[list[str], list]:
        """The same filters as SQL conditions on annotations_annotation ``alias``, and params."""
        conditions: list[str] = []
        params: list = []
        if self.article_id is not None:
            conditions.append(
                f"{alias}.sentence_id IN "
                "(SELECT id FROM annotations_sentence WHERE article_id = %s)"
            )
            params.append(self.article_id)
        if self.reviewer_id is not None:
            conditions.append(f"{alias}.reviewer_id = %s")
            params.append(self.reviewer_id)
        if self.label_id is not None:
            conditions.append(f"{alias}.label_id = %s")
            params.append(self.label_id)
        if self.updated_since is not None:
            conditions.append(f"{alias}.updated_at >= %s")
            params.append(self.updated_since)
        return conditions, params

    # "Reviewed – no claim" marks take the same filters: a mark means "no claim of any label",
    # so ``label`` keeps every mark, and a mark's last change is its creation.
    def filter_marks_queryset(self, marks: QuerySet) -> QuerySet:
        """The marks of a NoClaimMark queryset that pass the filters."""
        if self.article_id is not None:
            marks = marks.filter(sentence__article_id=self.article_id)
        if self.reviewer_id is not None:
            marks = marks.filter(reviewer_id=self.reviewer_id)
        if self.updated_since is not None:
            marks = marks.filter(created_at__gte=self.updated_since)
        return marks

    def mark_sql_conditions(self, *, alias: str = "m") -> tuple[list[str], list]:
        """The same filters as SQL conditions on annotations_noclaimmark ``alias``, and params."""
        conditions: list[str] = []
        params: list = []
        if self.article_id is not None:
            conditions.append(
                f"{alias}.sentence_id IN "
                "(SELECT id FROM annotations_sentence WHERE article_id = %s)"
            )
            params.append(self.article_id)
        if self.reviewer_id is not None:
            conditions.append(f"{alias}.reviewer_id = %s")
            params.append(self.reviewer_id)
        if self.updated_since is not None:
            conditions.append(f"{alias}.created_at >= %s")
            params.append(self.updated_since)
        return conditions, params
