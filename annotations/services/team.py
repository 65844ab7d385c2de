"""Writes for running a team: people, their roles, passwords and access, and workspace settings.

Every function takes the acting admin as ``actor``; the permission check happens before, in the
views and commands, through annotations.permissions. Nothing here deletes work: people who
have claims are deactivated, never deleted. The history of every write is recorded by database
triggers, with the actor named by ``records_actor``.
"""

import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations.models import (
    PASSWORD_EVENT,
    Annotation,
    Article,
    NoClaimMark,
    UserEvent,
    UserPreferences,
    WorkspaceSettings,
)
from annotations.permissions import ADMIN, ROLES, STAFF_ROLES, acting_as, forget_roles, role_of
from annotations.services.history import records_actor


class TeamError(ValueError):
    """An admin action that cannot be done as asked; the message says why, for the admin.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def password_generate() -> str:
    """A random password to hand over once; 16 characters from the URL-safe alphabet."""
    return secrets.token_urlsafe(12)


@records_actor
def reviewer_create(
    *,
    username: str,
    role: str,
    actor: User | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    language: str = "",
    password: str | None = None,
) -> User:
    """Create a person with one role; without ``password`` they cannot log in until invited."""
    username = username.strip()
    if not username:
        raise TeamError(_("Enter a username."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise TeamError(
            _("A user named “%(username)s” already exists.") % {"username": username},
            field="username",
        )
    _check_role(role)
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=User.objects.normalize_email(email.strip()),
        is_staff=role in STAFF_ROLES,
    )
    if password is None:
        user.set_unusable_password()
    else:
        _check_password(password, user)
        user.set_password(password)
    with transaction.atomic():
        user.save()
        user.groups.add(Group.objects.get(name=role))
        UserPreferences.objects.create(user=user, language=language)
    return user


@records_actor
def reviewer_update(
    *,
    user: User,
    actor: User | None,
    first_name: str,
    last_name: str,
    email: str,
    language: str,
) -> User:
    """Change a person's name, email address and interface language."""
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = User.objects.normalize_email(email.strip())
    with transaction.atomic():
        user.save(update_fields=["first_name", "last_name", "email"])
        UserPreferences.objects.update_or_create(user=user, defaults={"language": language})
    return user


@records_actor
def reviewer_set_role(*, user: User, role: str, actor: User | None) -> User:
    """Give ``user`` exactly one role; Admins also get into the Django admin."""
    forget_roles(user)
    if role_of(user) == role and user.groups.filter(name__in=ROLES).count() == 1:
        _check_role(role)
        return user
    role_change_check(user=user, role=role, actor=actor)
    groups = {group.name: group for group in Group.objects.filter(name__in=ROLES)}
    with transaction.atomic():
        user.groups.remove(*(group for name, group in groups.items() if name != role))
        user.groups.add(groups[role])
        is_staff = role in STAFF_ROLES or user.is_superuser
        if user.is_staff != is_staff:
            user.is_staff = is_staff
            user.save(update_fields=["is_staff"])
    forget_roles(user)
    return user


def role_change_check(*, user: User, role: str, actor: User | None) -> None:
    """Raise the TeamError reviewer_set_role would raise; forms call it to show the reason."""
    _check_role(role)
    if user.is_superuser and role != ADMIN:
        raise TeamError(
            _(
                "%(user)s is a superuser and always has the Admin role; remove the superuser "
                "status in the Django admin first."
            )
            % {"user": user.get_username()},
            field="role",
        )
    if role_of(user) == ADMIN and role != ADMIN:
        _keep_an_admin(user, actor, _("You cannot remove your own Admin role; ask another admin."))


def superuser_check(*, user: User, is_superuser: bool, actor: User | None) -> None:
    """Raise TeamError unless ``actor`` may give or take ``user``'s superuser status."""
    if bool(user.is_superuser) == is_superuser:
        return
    if actor is not None and not actor.is_superuser:
        raise TeamError(
            _("Only a superuser can give or remove superuser status."), field="is_superuser"
        )
    if not is_superuser and not user.groups.filter(name=ADMIN).exists():
        # Without the Admin group, losing superuser status means losing the Admin role.
        _keep_an_admin(
            user, actor, _("You cannot remove your own superuser status; ask another admin.")
        )


@records_actor
def superuser_set(*, user: User, is_superuser: bool, actor: User | None) -> User:
    """Give or take superuser status (superusers only); staff status follows the role."""
    superuser_check(user=user, is_superuser=is_superuser, actor=actor)
    if bool(user.is_superuser) == is_superuser:
        return user
    user.is_superuser = is_superuser
    forget_roles(user)
    user.is_staff = is_superuser or user.groups.filter(name__in=STAFF_ROLES).exists()
    user.save(update_fields=["is_superuser", "is_staff"])
    return user


def deactivation_check(*, user: User, actor: User | None) -> None:
    """Raise the TeamError reviewer_deactivate would raise."""
    if user.is_active:
        _keep_an_admin(user, actor, _("You cannot deactivate your own account."))


@records_actor
def reviewer_set_password(*, user: User, password: str, actor: User | None) -> None:
    """Set a new password; the person's open sessions end, their work stays."""
    password_change_check(user=user, actor=actor)
    _check_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save(update_fields=["password"])
        password_change_record(user=user, actor=actor)
    _end_sessions(user)


def password_change_check(*, user: User, actor: User | None) -> None:
    """Raise TeamError when ``actor`` may not set ``user``'s password: whoever sets a
    superuser's password can log in as them, so only superusers (or they themselves) may."""
    if user.is_superuser and actor is not None and actor.pk != user.pk and not actor.is_superuser:
        raise TeamError(
            _("Only a superuser can set or reset the password of the superuser %(user)s.")
            % {"user": user.get_username()},
            field="password",
        )


@records_actor
def reviewer_reset_password(*, user: User, actor: User | None) -> None:
    """Before an invitation or reset link is handed out: the old password stops working now.

    An unusable password also changes the session hash, so every open session of the person
    ends at its next request; the link (made after this) lets them choose a new one.
    """
    password_change_check(user=user, actor=actor)
    user.set_unusable_password()
    with transaction.atomic():
        user.save(update_fields=["password"])
        password_change_record(user=user, actor=actor)
    _end_sessions(user)


@records_actor
def password_change_record(*, user: User, actor: User | None) -> None:
    """Add a "password" event to the user's history, with the acting user from the context.

    The history trigger on the user table snapshots every column but the password hash, and
    fires only when one of those columns changes, so a new password alone leaves no trace.
    This writes the event the way pghistory's manual events do, in SQL, so that the context
    (who did it, from where) is attached by the same database function as for the triggers.
    """
    snapshot = [f.column for f in UserEvent._meta.concrete_fields if not f.name.startswith("pgh_")]
    columns = ", ".join(f'"{column}"' for column in snapshot)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{UserEvent._meta.db_table}" '
            f'("pgh_created_at", "pgh_label", "pgh_obj_id", "pgh_context_id", {columns}) '
            f'SELECT NOW(), %s, "id", _pgh_attach_context(), {columns} '
            f'FROM "{User._meta.db_table}" WHERE "id" = %s',
            [PASSWORD_EVENT, user.pk],
        )


@records_actor
def reviewer_deactivate(*, user: User, actor: User | None) -> None:
    """Block login and API tokens; claims, history and assignments stay and are still exported."""
    if not user.is_active:
        return
    deactivation_check(user=user, actor=actor)
    user.is_active = False
    user.save(update_fields=["is_active"])


@records_actor
def reviewer_reactivate(*, user: User, actor: User | None) -> None:
    """Let a deactivated person log in and use their tokens again."""
    if user.is_active:
        return
    user.is_active = True
    user.save(update_fields=["is_active"])


@records_actor
def reviewer_delete(*, user: User, actor: User | None) -> None:
    """Delete an account that holds no work (a typo, a test account); anything else is refused."""
    _keep_an_admin(user, actor, _("You cannot delete your own account."))
    try:
        with transaction.atomic():
            user.delete()
    except ProtectedError:
        raise TeamError(reviewer_deletion_refusal(user)) from None


def reviewer_deletion_refusal(user: User) -> str:
    """Why ``user`` cannot be deleted, and what to do instead."""
    claims = Annotation.objects.filter(reviewer=user).count()
    marks = NoClaimMark.objects.filter(reviewer=user).count()
    articles = Article.objects.filter(imported_by=user).count()
    return _(
        "The account %(user)s cannot be deleted: its work must keep its author "
        "(claims: %(claims)d, “no claim” marks: %(marks)d, imported articles: %(articles)d). "
        "Deactivate the account instead; it can then no longer log in or use API tokens."
    ) % {"user": user.get_username(), "claims": claims, "marks": marks, "articles": articles}


def reviewer_unlock(*, user: User, actor: User | None) -> int:
    """Forget failed logins for ``user`` so that a locked-out person can try again now."""
    return axes_reset(username=user.get_username())


@records_actor
def workspace_settings_update(
    *, actor: User | None, reviewers_may_open_unassigned: bool
) -> WorkspaceSettings:
    workspace = WorkspaceSettings.load()
    if workspace.reviewers_may_open_unassigned != reviewers_may_open_unassigned:
        workspace.reviewers_may_open_unassigned = reviewers_may_open_unassigned
        workspace.save(update_fields=["reviewers_may_open_unassigned"])
    return workspace


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise TeamError(
            _("Unknown role “%(role)s”; choose one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(ROLES)},
            field="role",
        )


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise TeamError(" ".join(error.messages), field="password") from None


def _keep_an_admin(user: User, actor: User | None, own_account: str) -> None:
    """Refuse what would leave the workspace without an active admin, or lock out the actor."""
    if actor is not None and user.pk == actor.pk:
        raise TeamError(own_account)
    if role_of(user) != ADMIN:
        return
    others = User.objects.filter(acting_as(ADMIN)).exclude(pk=user.pk)
    if not others.exists():
        raise TeamError(
            _("%(user)s is the last active admin; make someone else an admin first.")
            % {"user": user.get_username()}
        )


def _end_sessions(user: User) -> None:
    """Delete the person's stored sessions; the changed password hash would refuse them anyway,
    but a session table that still holds them looks, to an auditor, like open logins."""
    pk = str(user.pk)
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == pk
    ]
    Session.objects.filter(pk__in=stale).delete()


def demo_admin_ensure(*, username: str, password: str) -> bool:
    """Create the first run's demo superuser unless someone has that name already.

    True when the account (new or old) logs in with ``password``; False when an account of that
    name keeps a password of its own, which is left alone.
    """
    existing = User.objects.filter(username=username).first()
    if existing is None:
        User.objects.create_superuser(username, email="", password=password)
        return True
    return existing.check_password(password)
