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
        return claims.filter(**self._lookups(changed="updated_at", by_label=True))

    def sql_conditions(self, *, alias: str = "a") -> tuple[list[str], list]:
        """The same filters as SQL conditions on annotations_annotation ``alias``, and params."""
        return self._sql(alias, changed="updated_at", by_label=True)

    # "Reviewed – no claim" marks take the same filters: a mark means "no claim of any label",
    # so ``label`` keeps every mark, and a mark's last change is its creation.
    def filter_marks_queryset(self, marks: QuerySet) -> QuerySet:
        """The marks of a NoClaimMark queryset that pass the filters."""
        return marks.filter(**self._lookups(changed="created_at", by_label=False))

    def mark_sql_conditions(self, *, alias: str = "m") -> tuple[list[str], list]:
        """The same filters as SQL conditions on annotations_noclaimmark ``alias``, and params."""
        return self._sql(alias, changed="created_at", by_label=False)

    def _active(self, *, changed: str, by_label: bool) -> list[tuple[str, str, object]]:
        """Each filter that is on, as (ORM lookup, SQL condition on ``{alias}``, value)."""
        filters: list[tuple[str, str, object]] = []
        if self.article_id is not None:
            filters.append(
                (
                    "sentence__article_id",
                    "{alias}.sentence_id IN "
                    "(SELECT id FROM annotations_sentence WHERE article_id = %s)",
                    self.article_id,
                )
            )
        if self.reviewer_id is not None:
            filters.append(("reviewer_id", "{alias}.reviewer_id = %s", self.reviewer_id))
        if by_label and self.label_id is not None:
            filters.append(("label_id", "{alias}.label_id = %s", self.label_id))
        if self.updated_since is not None:
            filters.append((f"{changed}__gte", f"{{alias}}.{changed} >= %s", self.updated_since))
        return filters

    def _lookups(self, *, changed: str, by_label: bool) -> dict[str, object]:
        return {
            lookup: value for lookup, _, value in self._active(changed=changed, by_label=by_label)
        }

    def _sql(self, alias: str, *, changed: str, by_label: bool) -> tuple[list[str], list]:
        active = self._active(changed=changed, by_label=by_label)
        return [sql.format(alias=alias) for _, sql, _ in active], [value for *_, value in active]
