"""Writes for API tokens: create one (its key is returned once, never stored), use, revoke it."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations.models import ApiToken, hash_token
from annotations.models.tokens import TOKEN_PREFIX_LENGTH
from annotations.permissions import can_hold_api_token
from annotations.services.history import records_actor
from annotations.services.team import TeamError

# Writing last_used_at on every request would turn each read into a write; once a minute is
# precise enough for "last used" in the admin pages.
LAST_USED_RESOLUTION_SECONDS = 60

# Prefixes are unique; a clash among 48 random bits is rare, three clashes in a row are not seen.
CREATE_ATTEMPTS = 3


@dataclass(frozen=True)
class TokenCreated:
    token: ApiToken
    key: str  # the clear key: show it once, then it is gone


@records_actor
def token_create(*, user: User, name: str, actor: User | None) -> TokenCreated:
    """A new token for ``user``; what it may do follows the user's role."""
    name = name.strip()
    if not name:
        raise TeamError(_("Say what the token is for, e.g. “nightly export”."), field="name")
    if not can_hold_api_token(user):
        raise TeamError(
            _("%(user)s is deactivated or has no role, so a token would be useless.")
            % {"user": user.get_username()},
            field="user",
        )
    for _attempt in range(CREATE_ATTEMPTS):
        key = ApiToken.new_key()
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user,
                    name=name,
                    prefix=key[:TOKEN_PREFIX_LENGTH],
                    key_hash=hash_token(key),
                    created_by=actor,
                )
        except IntegrityError:
            continue
        token.refresh_from_db(fields=["created_at"])
        return TokenCreated(token=token, key=key)
    raise RuntimeError("could not find an unused token prefix")


class TokenRefused(Exception):
    """The key names no token, or one that cannot be used; the message says which."""


def token_use(*, key: str) -> ApiToken:
    """The usable token with ``key`` (its user loaded), stamped as used; else TokenRefused."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(key)).first()
    if token is None:
        raise TokenRefused(_("Invalid token."))
    refusal = token.refusal()
    if refusal is not None:
        raise TokenRefused(refusal)
    now = timezone.now()
    if (
        token.last_used_at is None
        or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@records_actor
def token_revoke(*, token: ApiToken, actor: User | None) -> ApiToken:
    """Stop the token from working, for good; the record stays for the audit log."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
