"""Audit history of Django's own user and group tables (admin actions on reviewers and roles)."""

import pghistory
from django.contrib.auth import get_user_model

User = get_user_model()

UserEvent = pghistory.create_event_model(
    User,
    pghistory.InsertEvent(),
    # Logging in is not an admin action on the user; a password change is, without the hash.
    pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude=["last_login"])),
    pghistory.DeleteEvent(),
    exclude=["password", "last_login"],
    model_name="UserEvent",
    app_label="annotations",
    abstract=False,
    append_only=True,
)

UserGroupEvent = pghistory.create_event_model(
    User.groups.through,
    pghistory.InsertEvent(),
    pghistory.DeleteEvent(),
    model_name="UserGroupEvent",
    app_label="annotations",
    abstract=False,
    append_only=True,
    obj_field=None,
)
