"""Labels: the kinds of claim reviewers mark, edited by admins as data."""

from typing import Any

import pghistory
from django.db import models
from django.db.models import CharField, F, Func, Q, Value
from django.db.models.lookups import Exact
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Keys the workspace uses for itself; a label cannot take them.
RESERVED_SHORTCUTS = ("j", "k", "u", "0", "?", "e", "n", "h", "a", "x")


class LabelQuerySet(models.QuerySet["Label"]):
    def active(self) -> "LabelQuerySet":
        return self.filter(is_active=True)


class Label(models.Model):
    slug = models.SlugField(
        _("slug"), max_length=50, unique=True, help_text=_("Stable identifier used by the API.")
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(
        _("guideline"), blank=True, help_text=_("Shown to reviewers: when to use this label.")
    )
    shortcut = models.CharField(
        _("shortcut key"),
        max_length=1,
        blank=True,
        help_text=_("One key (1-9, a-z) that applies the label in the workspace."),
    )
    colour = models.CharField(
        _("colour"), max_length=7, default="#1f77b4", help_text=_("Hex colour, e.g. #1f77b4.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive labels stay on existing claims only.")
    )
    # {"de": {"name": "Meinung", "description": "…"}}: the name and guideline per interface
    # language; where a language has none, ``name`` and ``description`` are shown. Kept on the
    # row (not in a table of their own) so every page that already reads the label, directly or
    # through select_related, has its translations without another query.
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_(
            "Name and guideline per interface language; empty ones fall back to the above."
        ),
    )

    suggestions_enabled = models.BooleanField(
        _("show suggestions"),
        default=True,
        help_text=_("Reviewers see machine suggestions of this label on sentences."),
    )
    suggestions_after_review = models.BooleanField(
        _("suggestions only after review"),
        default=False,
        help_text=_(
            "Keep this label's suggestions hidden until the reviewer has labelled the sentence "
            "once (a claim or “no claim”), so the machine does not anchor their judgement."
        ),
    )

    objects = LabelQuerySet.as_manager()

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["order", "name"]
        constraints = [
            # Two active labels never answer to the same key.
            models.UniqueConstraint(
                fields=["shortcut"],
                condition=Q(is_active=True) & ~Q(shortcut=""),
                name="annotations_label_active_shortcut_unique",
            ),
            models.CheckConstraint(
                condition=Q(shortcut="") | Q(shortcut__regex=r"^[1-9a-z]$"),
                name="annotations_label_shortcut_is_one_key",
            ),
            models.CheckConstraint(
                condition=~Q(shortcut__in=RESERVED_SHORTCUTS),
                name="annotations_label_shortcut_not_reserved",
            ),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="annotations_label_colour_is_hex",
            ),
            models.CheckConstraint(
                condition=Exact(
                    Func(F("translations"), function="jsonb_typeof", output_field=CharField()),
                    Value("object"),
                ),
                name="annotations_label_translations_is_object",
            ),
        ]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The name in the active interface language, else the label's own."""
        return self._translated("name") or self.name

    @property
    def shown_guideline(self) -> str:
        """The guideline in the active interface language, else the label's own."""
        return self._translated("description") or self.description

    def _translated(self, key: str) -> str:
        language = (get_language() or "").split("-")[0]
        entry = self.translations.get(language) if isinstance(self.translations, dict) else None
        value = entry.get(key) if isinstance(entry, dict) else None
        return value if isinstance(value, str) else ""


LabelEvent: Any = pghistory.create_event_model(
    Label,
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="LabelEvent",
    abstract=False,
    append_only=True,
)
