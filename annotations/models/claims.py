"""Claims reviewers mark in sentences, their "reviewed – no claim" marks, and their history."""

from typing import Any

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from annotations.models.articles import Sentence
from annotations.models.labels import Label
from annotations.spans import span_texts


def full_history() -> tuple[pghistory.RowEvent, ...]:
    """Every create, change and delete, in an append-only table written by PostgreSQL triggers.

    A new tuple per model: pghistory binds tracker objects to the model they track.
    """
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


class Annotation(models.Model):
    """One claim: a label on a whole sentence or on ranges inside it."""

    sentence = models.ForeignKey(
        Sentence,
        verbose_name=_("sentence"),
        on_delete=models.PROTECT,
        related_name="annotations",
        db_index=False,  # annotations_annotation_unique_claim leads with it
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="annotations",
        db_index=False,  # annotations_claim_reviewer_idx leads with it
    )
    label = models.ForeignKey(
        Label, verbose_name=_("label"), on_delete=models.PROTECT, related_name="annotations"
    )
    spans = models.JSONField(
        _("spans"),
        default=list,
        blank=True,
        help_text=_(
            "[[start, end], ...] relative to the sentence, sorted and non-overlapping; "
            "empty means the whole sentence."
        ),
    )
    attributed_to = models.CharField(
        _("attributed to"),
        max_length=200,
        blank=True,
        help_text=_("Who made a quoted claim, e.g. “Donald Trump”."),
    )
    note = models.TextField(_("note"), blank=True)
    suggestion = models.ForeignKey(
        "annotations.Suggestion",
        verbose_name=_("from suggestion"),
        # Provenance: a suggestion that became a claim is never deleted.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text=_("The machine suggestion this claim began as, when the reviewer accepted one."),
    )
    created_at = models.DateTimeField(_("created at"), db_default=Now(), editable=False)
    updated_at = models.DateTimeField(_("updated at"), db_default=Now(), editable=False)
    revision = models.PositiveIntegerField(
        _("revision"),
        default=1,
        help_text=_("Starts at 1 and grows with every change; a stale edit names an old one."),
    )

    class Meta:
        verbose_name = _("annotation")
        verbose_name_plural = _("annotations")
        ordering = ["sentence_id", "created_at", "id"]
        constraints = [
            # A double submit or a second tab cannot store the same claim twice. Its index also
            # serves every lookup by sentence, and the workspace's by (sentence, reviewer): one
            # index fewer to write on each claim than separate ones for those.
            models.UniqueConstraint(
                fields=["sentence", "reviewer", "label", "spans"],
                name="annotations_annotation_unique_claim",
            ),
            # Shape of spans: sorted, non-empty, non-overlapping [start, end] pairs from 0 on
            # (SQL function in migration 0004); that they end inside their sentence is checked
            # at commit by a trigger from the same migration.
            models.CheckConstraint(
                condition=models.Func(
                    "spans",
                    function="annotations_spans_are_valid",
                    output_field=models.BooleanField(),
                ),
                name="annotations_annotation_spans_valid",
            ),
            models.CheckConstraint(
                condition=Q(revision__gte=1), name="annotations_annotation_revision_positive"
            ),
        ]
        indexes = [
            # A reviewer's progress probes (reviewer, sentence) once per sentence of an article;
            # it also serves the reviewer filter of the API and exports.
            models.Index(fields=["reviewer", "sentence"], name="annotations_claim_reviewer_idx"),
            # Exports and the API filter by updated_since and read in id order.
            models.Index(fields=["updated_at", "id"], name="annotations_claim_updated_idx"),
            # The team page's "last active": a reviewer's latest claim, one index entry away
            # (through the updated_at index it skipped everyone else's newer claims).
            models.Index(fields=["reviewer", "-updated_at"], name="annotations_claim_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label} by {self.reviewer} on sentence {self.sentence_id}"

    @property
    def span_texts(self) -> list[str]:
        """The claimed words, one string per range (the sentence's text for a whole claim)."""
        return span_texts(self.sentence.text, self.spans)


class NoClaimMark(models.Model):
    """A reviewer looked at a sentence and found nothing to label."""

    sentence = models.ForeignKey(
        Sentence,
        verbose_name=_("sentence"),
        on_delete=models.PROTECT,
        related_name="no_claim_marks",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="no_claim_marks",
    )
    created_at = models.DateTimeField(_("created at"), db_default=Now(), editable=False)

    class Meta:
        verbose_name = _("reviewed – no claim")
        verbose_name_plural = _("reviewed – no claim marks")
        constraints = [
            # "Looked at, nothing to label" is one fact per sentence and reviewer.
            models.UniqueConstraint(
                fields=["sentence", "reviewer"], name="annotations_noclaim_unique"
            ),
        ]
        indexes = [
            # The team page's "last active": a reviewer's latest mark, one index entry away.
            models.Index(fields=["reviewer", "-created_at"], name="annotations_noclaim_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"no claim by {self.reviewer} on sentence {self.sentence_id}"


AnnotationEvent: Any = pghistory.create_event_model(
    Annotation, *full_history(), model_name="AnnotationEvent", abstract=False, append_only=True
)
NoClaimMarkEvent: Any = pghistory.create_event_model(
    NoClaimMark, *full_history(), model_name="NoClaimMarkEvent", abstract=False, append_only=True
)
