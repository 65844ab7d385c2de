"""Reads for the audit log: admin actions on people, roles, assignments, labels, tokens, settings.

The events are written by database triggers (pghistory) into one table per tracked model;
pghistory's aggregate ``MiddlewareEvents`` reads them as one list, with each event's acting user
from its context and its difference to the previous event of the same object.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.db.models import DateField, DateTimeField, Q, QuerySet
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pghistory.models import MiddlewareEvents

from annotations.models import (
    PASSWORD_EVENT,
    ApiTokenEvent,
    Article,
    AssignmentEvent,
    LabelEvent,
    UserEvent,
    UserGroupEvent,
    UserPreferencesEvent,
    WorkspaceSettingsEvent,
)
from annotations.permissions import ROLE_TITLES

KINDS = {
    "user": (gettext_lazy("People"), (UserEvent, UserPreferencesEvent)),
    "role": (gettext_lazy("Roles"), (UserGroupEvent,)),
    "assignment": (gettext_lazy("Assignments"), (AssignmentEvent,)),
    "label": (gettext_lazy("Labels"), (LabelEvent,)),
    "token": (gettext_lazy("API tokens"), (ApiTokenEvent,)),
    "settings": (gettext_lazy("Workspace settings"), (WorkspaceSettingsEvent,)),
}
KIND_OF_MODEL = {
    model._meta.label: kind for kind, (_title, models) in KINDS.items() for model in models
}

# Columns that say nothing to an admin reading the log.
HIDDEN_COLUMNS = {"id", "date_joined", "created_at", "key_hash", "last_used_at", "password"}
USER_COLUMNS = {"user_id", "reviewer_id", "assigned_by_id", "created_by_id"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str

    @property
    def values(self) -> tuple[str, str]:
        return self.before, self.after


@dataclass
class AuditEntry:
    when: datetime.datetime
    actor: str
    via: str
    kind: str
    kind_title: str
    action: str
    subject: str
    changes: list[Change] = field(default_factory=list)


def audit_events(
    *, kind: str = "", actor_id: int | None = None, subject_id: int | None = None
) -> QuerySet:
    """Events newest first, optionally of one kind, by one actor, or about one person."""
    models = KINDS[kind][1] if kind in KINDS else [m for _t, ms in KINDS.values() for m in ms]
    events = MiddlewareEvents.objects.across(*models)
    if actor_id is not None:
        events = events.filter(user=actor_id)
    if subject_id is not None:
        events = events.filter(
            Q(pgh_model=UserEvent._meta.label, pgh_obj_id=str(subject_id))
            | Q(pgh_data__user_id=subject_id)
            | Q(pgh_data__reviewer_id=subject_id)
        )
    return events.order_by("-pgh_created_at", "-pgh_id", "pgh_model")


def audit_entries(events) -> list[AuditEntry]:
    """Readable entries for a page of ``audit_events()``; a fixed number of queries."""
    events = list(events)
    names = _Names.for_events(events)
    return [_describe(event, names) for event in events]


class _Names:
    """Display names for the ids a page of events mentions, fetched in three queries."""

    def __init__(self, users: dict, articles: dict, groups: dict):
        self.users, self.articles, self.groups = users, articles, groups

    @classmethod
    def for_events(cls, events: list) -> "_Names":
        user_ids, article_ids, group_ids = set(), set(), set()
        for event in events:
            user_ids.add((event.pgh_context or {}).get("user"))
            data = event.pgh_data or {}
            user_ids.update(data.get(column) for column in USER_COLUMNS)
            if event.pgh_model == UserEvent._meta.label:
                user_ids.add(data.get("id"))
            article_ids.add(data.get("article_id"))
            group_ids.add(data.get("group_id"))
        users = dict(
            User.objects.filter(pk__in=_ids(user_ids)).values_list("pk", User.USERNAME_FIELD)
        )
        articles = {
            pk: title or _("article %(id)s") % {"id": pk}
            for pk, title in Article.objects.filter(pk__in=_ids(article_ids)).values_list(
                "pk", "title"
            )
        }
        groups = dict(Group.objects.filter(pk__in=_ids(group_ids)).values_list("pk", "name"))
        return cls(users, articles, groups)

    def user(self, pk) -> str:
        if pk is None:
            return "–"
        return self.users.get(pk) or _("deleted user #%(id)s") % {"id": pk}

    def article(self, pk) -> str:
        if pk is None:
            return "–"
        return self.articles.get(pk) or _("deleted article #%(id)s") % {"id": pk}

    def group(self, pk) -> str:
        name = self.groups.get(pk)
        if name is None:
            return _("group #%(id)s") % {"id": pk}
        return str(ROLE_TITLES.get(name, name))


def _describe(event, names: _Names) -> AuditEntry:
    context = event.pgh_context or {}
    data = event.pgh_data or {}
    kind = KIND_OF_MODEL.get(event.pgh_model, "")
    model = _tracked_model(event.pgh_model)
    label = event.pgh_label
    action, subject = _action_and_subject(kind, label, event.pgh_model, data, names)
    if label == PASSWORD_EVENT:
        changes = []
    elif label == "update":
        diff = event.pgh_diff or {}
        changes = [
            Change(
                _verbose(model, column),
                _display(model, column, before, names),
                _display(model, column, after, names),
            )
            for column, (before, after) in sorted(diff.items())
            if column not in HIDDEN_COLUMNS
        ]
    else:
        shown = {
            column: value
            for column, value in sorted(data.items())
            if column not in HIDDEN_COLUMNS
            and column not in _SUBJECT_COLUMNS.get(kind, ())
            and value not in (None, "")
        }
        changes = [
            Change(
                _verbose(model, column),
                "–" if label == "insert" else _display(model, column, value, names),
                _display(model, column, value, names) if label == "insert" else "–",
            )
            for column, value in shown.items()
        ]
    actor_id = context.get("user")
    return AuditEntry(
        when=event.pgh_created_at,
        actor=names.user(actor_id) if actor_id is not None else _("system"),
        via=_via(context),
        kind=kind,
        kind_title=str(KINDS[kind][0]) if kind in KINDS else "",
        action=action,
        subject=subject,
        changes=changes,
    )


# Columns already named in the entry's subject, so not repeated among its values.
_SUBJECT_COLUMNS = {
    "role": ("user_id", "group_id"),
    "assignment": ("article_id", "reviewer_id"),
    "token": ("user_id", "prefix"),
    "user": ("user_id",),
}


def _action_and_subject(kind: str, label: str, model_label: str, data: dict, names: _Names):
    verbs = {
        "insert": _("created"),
        "update": _("changed"),
        "delete": _("deleted"),
    }
    if kind == "role":
        role, user = names.group(data.get("group_id")), names.user(data.get("user_id"))
        if label == "insert":
            return _("gave a role"), _("%(role)s to %(user)s") % {"role": role, "user": user}
        return _("took a role"), _("%(role)s from %(user)s") % {"role": role, "user": user}
    if kind == "assignment":
        subject = _("“%(article)s” to %(reviewer)s") % {
            "article": names.article(data.get("article_id")),
            "reviewer": names.user(data.get("reviewer_id")),
        }
        action = {"insert": _("assigned"), "delete": _("unassigned")}.get(
            label, _("changed the assignment of")
        )
        return action, subject
    if kind == "token":
        subject = _("%(prefix)s… “%(name)s” of %(user)s") % {
            "prefix": data.get("prefix", ""),
            "name": data.get("name", ""),
            "user": names.user(data.get("user_id")),
        }
        if label == "update" and data.get("revoked_at"):
            return _("revoked the token"), subject
        return _("%(verb)s the token") % {"verb": verbs.get(label, label)}, subject
    if kind == "user":
        if model_label == UserPreferencesEvent._meta.label:
            return _("set the preferences of"), names.user(data.get("user_id"))
        username = data.get("username") or names.user(data.get("id"))
        if label == PASSWORD_EVENT:
            return _("set a new password for"), username
        return _("%(verb)s the account") % {"verb": verbs.get(label, label)}, username
    if kind == "label":
        return _("%(verb)s the label") % {"verb": verbs.get(label, label)}, data.get("name", "")
    if kind == "settings":
        return verbs.get(label, label), _("workspace settings")
    return label, model_label


def _via(context: dict) -> str:
    if context.get("command"):
        return _("command line")
    url = context.get("url") or ""
    if url.startswith("/admin/"):
        return _("Django admin")
    if url.startswith("/api/"):
        return _("API")
    if url:
        return _("team pages")
    return ""


def _tracked_model(event_label: str):
    for _title, models in KINDS.values():
        for model in models:
            if model._meta.label == event_label:
                return model.pgh_tracked_model
    return None


def _field(model, column: str):
    if model is None:
        return None
    return next((f for f in model._meta.concrete_fields if f.column == column), None)


def _verbose(model, column: str) -> str:
    model_field = _field(model, column)
    return str(model_field.verbose_name) if model_field is not None else column


def _display(model, column: str, value, names: _Names) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if column in USER_COLUMNS:
        return names.user(value)
    if column == "article_id":
        return names.article(value)
    if column == "group_id":
        return names.group(value)
    model_field = _field(model, column)
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    elif isinstance(model_field, DateField) and isinstance(value, str):
        day = parse_date(value)
        if day is not None:
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    return str(value)


def _ids(values) -> list[int]:
    return [value for value in values if isinstance(value, int)]
