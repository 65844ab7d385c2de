"""Who reads which article, and the team-wide workspace settings admins control."""

from typing import Any

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from annotations.models.articles import Article
from annotations.models.claims import full_history


class Assignment(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    created_at = models.DateTimeField(_("assigned at"), db_default=Now(), editable=False)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on", "created_at"]
        constraints = [
            # An article is assigned to a reviewer at most once.
            models.UniqueConstraint(
                fields=["article", "reviewer"], name="annotations_assignment_unique"
            ),
        ]
        indexes = [
            # A reviewer's queue lists their assignments.
            models.Index(fields=["reviewer", "due_on"], name="annotations_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article} → {self.reviewer}"


class WorkspaceSettings(models.Model):
    """The one row of team-wide settings; admins edit it in the app."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    reviewers_may_open_unassigned = models.BooleanField(
        _("reviewers may open unassigned articles"),
        default=True,
        help_text=_("When off, reviewers see and open only the articles assigned to them."),
    )

    class Meta:
        verbose_name = _("workspace settings")
        verbose_name_plural = _("workspace settings")
        constraints = [
            # A singleton: there is exactly one settings row.
            models.CheckConstraint(
                condition=Q(id=1), name="annotations_workspacesettings_singleton"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Workspace settings"))

    @classmethod
    def load(cls) -> "WorkspaceSettings":
        settings_row, _created = cls.objects.get_or_create(id=1)
        return settings_row


AssignmentEvent: Any = pghistory.create_event_model(
    Assignment, *full_history(), model_name="AssignmentEvent", abstract=False, append_only=True
)
WorkspaceSettingsEvent: Any = pghistory.create_event_model(
    WorkspaceSettings,
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="WorkspaceSettingsEvent",
    abstract=False,
    append_only=True,
)
