"""The undo log: each reviewer's workspace actions per article, newest on top."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from annotations.models.articles import Article


class WorkspaceAction(models.Model):
    """One undoable action of a reviewer in the workspace; its changes are in the history.

    The history tables hold what changed (events grouped by ``context_id``); this log holds the
    order of a reviewer's actions, so that finding the one to undo is one index probe whatever
    the size of the history. A trigger on the history tables writes it (migration 0009), in the
    same statement as the change, so an action and its entry commit together.
    """

    class Name(models.TextChoices):
        CLAIM_CREATE = "claim.create", _("added a claim")
        CLAIM_UPDATE = "claim.update", _("changed a claim")
        CLAIM_DELETE = "claim.delete", _("deleted a claim")
        NO_CLAIM_MARK = "no_claim.mark", _("marked “reviewed – no claim”")
        NO_CLAIM_UNMARK = "no_claim.unmark", _("removed “reviewed – no claim”")

    class Outcome(models.TextChoices):
        UNDONE = "undone", _("undone")
        CONFLICT = "conflict", _("not undone: changed later")

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="workspace_actions",
        db_index=False,  # annotations_undo_pending_idx leads with it
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("action"), max_length=32, choices=Name.choices)
    context_id = models.UUIDField(
        _("history context"), help_text=_("The pghistory context of the action's changes.")
    )
    created_at = models.DateTimeField(_("created at"), db_default=Now(), editable=False)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("workspace action")
        verbose_name_plural = _("workspace actions")
        constraints = [
            # A request's changes share one history context and make one action.
            models.UniqueConstraint(fields=["context_id"], name="annotations_undo_one_per_context"),
            # An action leaves the stack with an outcome, and only then.
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True, outcome="")
                | Q(undone_at__isnull=False, outcome__in=["undone", "conflict"]),
                name="annotations_undo_outcome_when_done",
            ),
        ]
        indexes = [
            # Undo reads the reviewer's newest pending action in an article: one probe of this
            # small partial index, however long the history grows.
            models.Index(
                "reviewer",
                "article",
                models.F("id").desc(),
                condition=Q(undone_at__isnull=True),
                name="annotations_undo_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} by {self.reviewer_id} in article {self.article_id}"
