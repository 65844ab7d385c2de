"""Machine suggestions on sentences, and each reviewer's decision on them.

Suggestions are nobody's judgement: they live in their own table, never in claims, agreement or
gold. A reviewer who accepts one gets an ordinary claim that points back to it
(``Annotation.suggestion``); a rejection is recorded per reviewer.
"""

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


class Suggestion(models.Model):
    """One claim a source proposes for a sentence."""

    sentence = models.ForeignKey(
        Sentence,
        verbose_name=_("sentence"),
        on_delete=models.PROTECT,
        related_name="suggestions",
        db_index=False,  # annotations_suggestion_unique leads with it
    )
    label = models.ForeignKey(
        Label, verbose_name=_("label"), on_delete=models.PROTECT, related_name="suggestions"
    )
    spans = models.JSONField(
        _("spans"),
        default=list,
        blank=True,
        help_text=_(
            "[[start, end], ...] code points relative to the sentence, sorted and "
            "non-overlapping; empty means the whole sentence."
        ),
    )
    speaker = models.CharField(
        _("speaker"), max_length=200, blank=True, help_text=_("The suggested “attributed to”.")
    )
    reason = models.TextField(_("reason"), help_text=_("Why the source proposes it, as shown."))
    score = models.FloatField(_("score"), help_text=_("The source's confidence, 0 to 1."))
    source = models.CharField(_("source"), max_length=100, help_text=_("The source's name."))
    version = models.CharField(_("version"), max_length=100)
    created_at = models.DateTimeField(_("created at"), db_default=Now(), editable=False)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["sentence_id", "-score", "id"]
        constraints = [
            # A source proposes a claim once per sentence: recomputing an article (a retried
            # job, a second worker) updates the row instead of adding a copy. Its index serves
            # the workspace's reads by sentence.
            models.UniqueConstraint(
                fields=["sentence", "source", "label", "spans"],
                name="annotations_suggestion_unique",
            ),
            # The same shape rule as claims' spans (SQL function of migration 0004).
            models.CheckConstraint(
                condition=models.Func(
                    "spans",
                    function="annotations_spans_are_valid",
                    output_field=models.BooleanField(),
                ),
                name="annotations_suggestion_spans_valid",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1),
                name="annotations_suggestion_score_in_unit_range",
            ),
            models.CheckConstraint(
                condition=~Q(source=""), name="annotations_suggestion_source_named"
            ),
        ]
        indexes = [
            # The quality figures group by source and label.
            models.Index(fields=["source", "label"], name="annotations_suggestion_src_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label} suggested by {self.source} on sentence {self.sentence_id}"

    @property
    def span_texts(self) -> list[str]:
        """The suggested words, one string per range (the sentence's text for a whole one)."""
        return span_texts(self.sentence.text, self.spans)


class SuggestionDecision(models.Model):
    """A reviewer accepted (into a claim of theirs) or rejected a suggestion."""

    class Verdict(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("suggestion"),
        on_delete=models.PROTECT,
        related_name="decisions",
        db_index=False,  # annotations_suggestiondecision_unique leads with it
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="suggestion_decisions",
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    claim = models.ForeignKey(
        "annotations.Annotation",
        verbose_name=_("claim"),
        # The reviewer may delete the claim later; the decision (and history) stays.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The claim an accepted suggestion became."),
    )
    decided_at = models.DateTimeField(_("decided at"), db_default=Now(), editable=False)

    class Meta:
        verbose_name = _("suggestion decision")
        verbose_name_plural = _("suggestion decisions")
        constraints = [
            # One standing decision per reviewer and suggestion; changing one's mind updates it.
            models.UniqueConstraint(
                fields=["suggestion", "reviewer"], name="annotations_suggestiondecision_unique"
            ),
            # A rejection makes no claim.
            models.CheckConstraint(
                condition=Q(verdict="accepted") | Q(verdict="rejected", claim__isnull=True),
                name="annotations_suggestiondecision_rejection_has_no_claim",
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=["accepted", "rejected"]),
                name="annotations_suggestiondecision_verdict_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.verdict} by {self.reviewer} ({self.suggestion_id})"


SuggestionDecisionEvent: Any = pghistory.create_event_model(
    SuggestionDecision,
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="SuggestionDecisionEvent",
    abstract=False,
    append_only=True,
)
