"""Background jobs (bulk imports, suggestion runs) and their units of work, for progress and retry.

A job is cut into units; a worker does one unit in one transaction that also marks it done, so a
worker killed halfway leaves the unit pending and nothing of it applied. The queue itself (which
worker runs what) belongs to the task backend; these rows are what the admin sees and what
``annotations.services.jobs`` uses to retry units whose worker died.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class BackgroundJob(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", _("article import")
        SUGGEST = "suggest", _("suggestions")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="background_jobs",
    )
    created_at = models.DateTimeField(_("created at"), db_default=Now(), editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    total = models.PositiveIntegerField(_("items"), help_text=_("Articles in the job."))
    done = models.PositiveIntegerField(_("done"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Progress never runs past the end, and failures are part of what is done.
            models.CheckConstraint(
                condition=Q(done__lte=F("total")) & Q(failed__lte=F("done")),
                name="annotations_backgroundjob_progress_bounded",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["import", "suggest"]),
                name="annotations_backgroundjob_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class JobUnit(models.Model):
    """One transaction's worth of a job: a batch of articles to store, or to suggest for."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    job = models.ForeignKey(
        BackgroundJob,
        verbose_name=_("job"),
        on_delete=models.CASCADE,
        related_name="units",
        db_index=False,  # annotations_jobunit_unique leads with it
    )
    position = models.PositiveIntegerField(_("position"))
    payload = models.JSONField(
        _("payload"), help_text=_("What the unit works on: article records or article ids.")
    )
    size = models.PositiveIntegerField(_("articles"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(
        _("attempts"), default=0, help_text=_("Times the unit was handed to a worker.")
    )
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    errors = models.JSONField(
        _("errors"), default=list, blank=True, help_text=_("[{origin, detail}], per article.")
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job unit")
        verbose_name_plural = _("job units")
        ordering = ["job_id", "position"]
        constraints = [
            # Each unit once per job: a retried task finds the same row, never a second one.
            models.UniqueConstraint(fields=["job", "position"], name="annotations_jobunit_unique"),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "done", "failed"]),
                name="annotations_jobunit_state_known",
            ),
        ]
        indexes = [
            # The recovery sweep reads pending units only.
            models.Index(
                fields=["enqueued_at"],
                condition=Q(state="pending"),
                name="annotations_unit_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"unit {self.position} of job {self.job_id} ({self.state})"
