"""Per-user preferences admins set for their team, such as the interface language."""

from typing import Any

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserPreferences(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="preferences",
    )
    language = models.CharField(
        _("interface language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Applied when the user logs in; empty follows the browser."),
    )

    class Meta:
        verbose_name = _("user preferences")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return str(_("Preferences of %(user)s") % {"user": self.user})


UserPreferencesEvent: Any = pghistory.create_event_model(
    UserPreferences,
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="UserPreferencesEvent",
    abstract=False,
    append_only=True,
)
