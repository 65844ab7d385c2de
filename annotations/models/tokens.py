"""API tokens: shown once at creation, stored only as a hash, revocable."""

import hashlib
import secrets
from typing import Any

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX_LENGTH = 8


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(
        _("prefix"),
        max_length=TOKEN_PREFIX_LENGTH,
        unique=True,
        editable=False,
        help_text=_("First characters of the token, to recognise it; not secret."),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), db_default=Now(), editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"),
                name="annotations_apitoken_key_hash_is_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    def refusal(self) -> str | None:
        """Why the token cannot be used now, or None when it can: the one "usable" rule."""
        if self.revoked_at is not None:
            return str(_("This token has been revoked."))
        if not self.user.is_active:
            return str(_("This token's user is deactivated."))
        return None

    @classmethod
    def new_key(cls) -> str:
        return secrets.token_urlsafe(32)


ApiTokenEvent: Any = pghistory.create_event_model(
    ApiToken,
    pghistory.InsertEvent(),
    # Use stamps are not admin actions; only real changes (revocation, renaming) are audited.
    pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude=["last_used_at"])),
    pghistory.DeleteEvent(),
    exclude=["key_hash", "last_used_at"],
    model_name="ApiTokenEvent",
    abstract=False,
    append_only=True,
)
