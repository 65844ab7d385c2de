"""The change log behind the export change feed: the last change of every exported record.

Rows are written only by the database triggers of migrations 0014 and 0017, never by Python,
so no write path (the ORM, bulk SQL, cascades of a delete, a sentence merge) can change an
exported record without moving it past the feed's cursor.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportChange(models.Model):
    """One exported object's latest change: which transaction made it, and whether it is gone."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        SENTENCE = "sentence", _("sentence")
        ANNOTATION = "annotation", _("annotation")
        NO_CLAIM = "no_claim", _("reviewed – no claim")
        # A sentence's gold record (object_id: the sentence): its gold, gold claims, reviews.
        GOLD = "gold", _("gold")
        # Labels and reviewers are not feed records; a renamed one changes the records naming it.
        LABEL = "label", _("label")
        REVIEWER = "reviewer", _("reviewer")

    pk = models.CompositePrimaryKey("kind", "object_id")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField(_("object id"))
    transaction_id = models.BigIntegerField(
        _("transaction"),
        help_text=_(
            "pg_current_xact_id() of the transaction that made the change; the feed's cursor is "
            "a transaction horizon, so changes committed late are never skipped."
        ),
    )
    deleted = models.BooleanField(_("deleted"), default=False)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("export change")
        verbose_name_plural = _("export changes")
        indexes = [
            # The change feed reads the changes made by transactions from its cursor on.
            models.Index(fields=["transaction_id"], name="annotations_change_txn_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} in transaction {self.transaction_id}"
