"""Audit history of Django's own user tables: admin actions on reviewers and their roles.

The auth tables belong to Django, so they are tracked through proxy models of this app; that
keeps the history triggers in this app's migrations.
"""

from typing import Any

import pghistory
from django.contrib.auth.models import User

# Label of the user event a password change leaves (services.team.password_change_record): the
# update trigger leaves the hash out, so the change is recorded explicitly.
PASSWORD_EVENT = "password"


class AuditedUser(User):
    class Meta:
        proxy = True


class AuditedUserGroup(User.groups.through):  # type: ignore[name-defined]  # Django's own table
    class Meta:
        proxy = True


UserEvent: Any = pghistory.create_event_model(
    AuditedUser,
    pghistory.InsertEvent(),
    # Logging in is not an admin action on the user; a password change is, without the hash.
    pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude=["last_login"])),
    pghistory.DeleteEvent(),
    exclude=["password", "last_login"],
    model_name="UserEvent",
    abstract=False,
    append_only=True,
)

UserGroupEvent: Any = pghistory.create_event_model(
    AuditedUserGroup,
    pghistory.InsertEvent(),
    pghistory.DeleteEvent(),
    model_name="UserGroupEvent",
    abstract=False,
    append_only=True,
    # The membership rows have no single object to point at; pghistory accepts None here.
    obj_field=None,  # type: ignore[arg-type]
)
