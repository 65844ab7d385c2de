"""Gold: each sentence's one trusted label, where it came from, and the settings of pre-merge."""

from typing import Any

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from annotations.models.articles import Sentence
from annotations.models.claims import full_history
from annotations.models.labels import Label


class GoldSettings(models.Model):
    """The one row of pre-merge settings; admins edit it on the agreement pages."""

    class Rule(models.TextChoices):
        UNANIMOUS = "unanimous", _("unanimous: every reviewer made the same claims")
        MAJORITY = "majority", _("majority: claims made by more than half of the reviewers")

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    reviewers_required = models.PositiveSmallIntegerField(
        _("reviewers required"),
        default=2,
        help_text=_("A sentence waits until this many reviewers have reviewed it."),
    )
    rule = models.CharField(
        _("pre-merge rule"),
        max_length=16,
        choices=Rule.choices,
        default=Rule.UNANIMOUS,
        help_text=_("When reviewers' claims become gold without a curator."),
    )
    reviewers_see_gold = models.BooleanField(
        _("reviewers see gold"),
        default=False,
        help_text=_("Reviewers may compare their claims with the gold once a sentence has it."),
    )

    class Meta:
        verbose_name = _("gold settings")
        verbose_name_plural = _("gold settings")
        constraints = [
            # A singleton: there is exactly one settings row.
            models.CheckConstraint(condition=Q(id=1), name="annotations_goldsettings_singleton"),
            models.CheckConstraint(
                condition=Q(reviewers_required__gte=1),
                name="annotations_goldsettings_reviewers_required_positive",
            ),
            models.CheckConstraint(
                condition=Q(rule__in=["unanimous", "majority"]),
                name="annotations_goldsettings_rule_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Gold settings"))

    @classmethod
    def load(cls) -> "GoldSettings":
        """The settings; the defaults until an admin first saves them. Reading writes nothing:
        pages that only look (and refused requests) leave no trace in the history."""
        return cls.objects.filter(id=1).first() or cls(id=1)


class GoldOrigin(models.TextChoices):
    """How a gold claim (or a gold "no claim") came about."""

    UNANIMOUS = "unanimous", _("unanimous")
    MAJORITY = "majority", _("majority")
    ADJUDICATED = "adjudicated", _("adjudicated")
    CURATOR = "curator", _("curator's own")


AUTOMATIC_ORIGINS = (GoldOrigin.UNANIMOUS, GoldOrigin.MAJORITY)


class GoldSentence(models.Model):
    """A sentence's gold state and, once decided, its decision (the claims are GoldClaim rows)."""

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        AGREED = "agreed", _("agreed")
        DISPUTED = "disputed", _("disputed")
        ADJUDICATED = "adjudicated", _("adjudicated")
        STALE = "stale", _("stale")

    class ErrorCategory(models.TextChoices):
        LABEL = "label", _("wrong label")
        SPAN = "span", _("span boundaries")
        SPEAKER = "speaker", _("speaker")
        MISSED = "missed", _("missed claim")
        SPURIOUS = "spurious", _("claim where there is none")
        GUIDELINE = "guideline", _("guideline unclear")

    sentence = models.OneToOneField(
        Sentence, verbose_name=_("sentence"), on_delete=models.PROTECT, related_name="gold"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    no_claim = models.BooleanField(
        _("gold: no claim"),
        default=False,
        help_text=_("The decision is that the sentence has nothing to label."),
    )
    origin = models.CharField(
        _("origin"),
        max_length=16,
        choices=GoldOrigin.choices,
        blank=True,
        help_text=_("How the decision was reached; empty while there is none."),
    )
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("curator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gold_decisions",
    )
    rationale = models.TextField(_("rationale"), blank=True)
    error_category = models.CharField(
        _("error category"),
        max_length=16,
        choices=ErrorCategory.choices,
        blank=True,
        help_text=_("What the reviewers got wrong, for guideline work."),
    )
    reviewers = models.PositiveSmallIntegerField(
        _("reviewers"), default=0, help_text=_("How many reviewers have reviewed the sentence.")
    )
    agreement = models.FloatField(
        _("agreement"),
        null=True,
        blank=True,
        help_text=_("Mean of 1 − MASI distance over reviewer pairs; empty below two reviewers."),
    )
    basis = models.JSONField(
        _("basis"),
        default=dict,
        blank=True,
        help_text=_(
            "The reviewers' work the decision saw: claim ids with revisions and "
            "'no claim' reviewers. A change to it makes a curator's decision stale."
        ),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Grows with every decision; stale forms name an old one."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), db_default=Now(), editable=False)
    updated_at = models.DateTimeField(_("updated at"), db_default=Now(), editable=False)

    class Meta:
        verbose_name = _("gold sentence")
        verbose_name_plural = _("gold sentences")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["waiting", "agreed", "disputed", "adjudicated", "stale"]),
                name="annotations_goldsentence_state_valid",
            ),
            # A decision exists exactly in the states that have one.
            models.CheckConstraint(
                condition=(
                    Q(state__in=["agreed", "adjudicated", "stale"], decided_at__isnull=False)
                    & ~Q(origin="")
                )
                | Q(
                    state__in=["waiting", "disputed"],
                    decided_at__isnull=True,
                    origin="",
                    no_claim=False,
                ),
                name="annotations_goldsentence_decision_matches_state",
            ),
            # Automatic decisions have no curator; a curator's decision names them.
            models.CheckConstraint(
                condition=Q(origin__in=["", "unanimous", "majority"], curator__isnull=True)
                | Q(origin__in=["adjudicated", "curator"], curator__isnull=False),
                name="annotations_goldsentence_curator_matches_origin",
            ),
            # Only a curator's decision is adjudicated, and only it can go stale; automatic
            # ones are recomputed when the reviewers' work changes.
            models.CheckConstraint(
                condition=Q(state__in=["adjudicated", "stale"], curator__isnull=False)
                | Q(state__in=["waiting", "agreed", "disputed"], curator__isnull=True),
                name="annotations_goldsentence_curated_states",
            ),
        ]
        indexes = [
            # The disagreement queue: open sentences, lowest agreement first.
            models.Index(
                "agreement",
                "sentence",
                name="annotations_gold_queue_idx",
                condition=Q(state__in=["disputed", "stale"]),
            ),
        ]

    def __str__(self) -> str:
        return f"gold of sentence {self.sentence_id}: {self.state}"

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None


class GoldClaim(models.Model):
    """One gold claim: label, spans and speaker, with the reviewers' claims it was taken from."""

    gold = models.ForeignKey(
        GoldSentence, verbose_name=_("gold"), on_delete=models.CASCADE, related_name="claims"
    )
    label = models.ForeignKey(
        Label, verbose_name=_("label"), on_delete=models.PROTECT, related_name="gold_claims"
    )
    spans = models.JSONField(
        _("spans"),
        default=list,
        blank=True,
        help_text=_("As a claim's spans: [[start, end], ...] in the sentence; [] is all of it."),
    )
    attributed_to = models.CharField(_("attributed to"), max_length=200, blank=True)
    origin = models.CharField(_("origin"), max_length=16, choices=GoldOrigin.choices)
    sources = models.JSONField(
        _("sources"),
        default=list,
        blank=True,
        help_text=_(
            "The reviewers' claims this one was taken from: "
            '[{"annotation": id, "reviewer": user id, "revision": n}, ...].'
        ),
    )
    created_at = models.DateTimeField(_("created at"), db_default=Now(), editable=False)
    updated_at = models.DateTimeField(_("updated at"), db_default=Now(), editable=False)

    class Meta:
        verbose_name = _("gold claim")
        verbose_name_plural = _("gold claims")
        ordering = ["gold_id", "id"]
        constraints = [
            # The same gold claim is never stored twice for a sentence.
            models.UniqueConstraint(
                fields=["gold", "label", "spans", "attributed_to"],
                name="annotations_goldclaim_unique",
            ),
            # Same shape rule as reviewers' claims (SQL function from migration 0004).
            models.CheckConstraint(
                condition=models.Func(
                    "spans",
                    function="annotations_spans_are_valid",
                    output_field=models.BooleanField(),
                ),
                name="annotations_goldclaim_spans_valid",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=["unanimous", "majority", "adjudicated", "curator"]),
                name="annotations_goldclaim_origin_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"gold {self.label} on sentence gold {self.gold_id}"


class GoldPending(models.Model):
    """Sentences whose reviewers' work changed since gold last looked; filled by triggers.

    Triggers on claims and "no claim" marks (migration 0015) add the sentence in the same
    transaction as the change, whichever code path made it; gold_refresh empties the table.
    """

    sentence_id = models.BigIntegerField(primary_key=True)

    class Meta:
        verbose_name = _("sentence waiting for gold refresh")
        verbose_name_plural = _("sentences waiting for gold refresh")

    def __str__(self) -> str:
        return str(self.sentence_id)


GoldSentenceEvent: Any = pghistory.create_event_model(
    GoldSentence,
    pghistory.InsertEvent(),
    # Agreement and reviewer counts move with every claim; history keeps the decisions.
    pghistory.UpdateEvent(
        condition=pghistory.AnyChange(
            "state", "no_claim", "origin", "curator", "rationale", "error_category", "version"
        )
    ),
    pghistory.DeleteEvent(),
    model_name="GoldSentenceEvent",
    abstract=False,
    append_only=True,
)
GoldClaimEvent: Any = pghistory.create_event_model(
    GoldClaim, *full_history(), model_name="GoldClaimEvent", abstract=False, append_only=True
)
GoldSettingsEvent: Any = pghistory.create_event_model(
    GoldSettings,
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="GoldSettingsEvent",
    abstract=False,
    append_only=True,
)
