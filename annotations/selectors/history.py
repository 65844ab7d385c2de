"""Reads of recorded history: what happened to a sentence's claims, by whom, and when; and which
workspace action undo would revert."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from annotations.models import (
    AnnotationEvent,
    Article,
    Label,
    NoClaimMarkEvent,
    Sentence,
    SentenceEvent,
    WorkspaceAction,
)

SHOWN_FIELDS = {
    "label_id": gettext_lazy("label"),
    "spans": gettext_lazy("spans"),
    "attributed_to": gettext_lazy("attributed to"),
    "note": gettext_lazy("note"),
    "sentence_id": gettext_lazy("sentence"),
}


@dataclass
class HistoryEntry:
    at: datetime
    actor: str
    description: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    order: tuple = ()


def sentence_history(*, sentence: Sentence, reviewer=None) -> list[HistoryEntry]:
    """Newest first; ``reviewer`` limits it to one reviewer's work (blind mode)."""
    claims = AnnotationEvent.objects.filter(sentence_id=sentence.pk).select_related("pgh_context")
    marks = NoClaimMarkEvent.objects.filter(sentence_id=sentence.pk).select_related("pgh_context")
    if reviewer is not None:
        claims = claims.filter(reviewer_id=reviewer.pk)
        marks = marks.filter(reviewer_id=reviewer.pk)
    claims, marks = list(claims.order_by("pgh_id")), list(marks.order_by("pgh_id"))
    boundaries = list(
        SentenceEvent.objects.filter(pgh_obj_id=sentence.pk, pgh_label="update")
        .select_related("pgh_context")
        .order_by("pgh_id")
    )
    labels = {label.pk: label.shown_name for label in Label.objects.all()}
    user_ids: set[int | None] = {_actor_id(event) for event in claims + marks + boundaries}
    user_ids |= {event.reviewer_id for event in claims}
    names: dict[int | None, str] = dict(
        User.objects.filter(pk__in=[pk for pk in user_ids if pk is not None]).values_list(
            "pk", "username"
        )
    )
    entries = []
    previous: dict[int, Any] = {}
    for event in claims:
        before = previous.get(event.pgh_obj_id)
        previous[event.pgh_obj_id] = event
        label = labels.get(event.label_id, "?")
        owner = names.get(event.reviewer_id, "?")
        if event.pgh_label == "insert":
            description = _("added “%(label)s” (%(owner)s)") % {"label": label, "owner": owner}
        elif event.pgh_label == "delete":
            description = _("deleted “%(label)s” (%(owner)s)") % {"label": label, "owner": owner}
        else:
            description = _("changed “%(label)s” (%(owner)s)") % {"label": label, "owner": owner}
        entries.append(
            HistoryEntry(
                at=event.pgh_created_at,
                actor=names.get(_actor_id(event), ""),
                description=description,
                changes=_changes(before, event, labels) if event.pgh_label == "update" else [],
                order=(event.pgh_created_at, 0, event.pgh_id),
            )
        )
    for event in marks:
        owner = names.get(event.reviewer_id, "?")
        text = (
            _("marked “reviewed – no claim” (%(owner)s)")
            if event.pgh_label == "insert"
            else _("removed “reviewed – no claim” (%(owner)s)")
        )
        entries.append(
            HistoryEntry(
                at=event.pgh_created_at,
                actor=names.get(_actor_id(event), ""),
                description=text % {"owner": owner},
                order=(event.pgh_created_at, 1, event.pgh_id),
            )
        )
    afterwards = [event.text for event in boundaries[1:]] + [sentence.text]
    for event, after in zip(boundaries, afterwards, strict=False):
        entries.append(
            HistoryEntry(
                at=event.pgh_created_at,
                actor=names.get(_actor_id(event), ""),
                description=_("changed the sentence boundary"),
                changes=[(str(_("text")), event.text, after)],
                order=(event.pgh_created_at, 2, event.pgh_id),
            )
        )
    return sorted(entries, key=lambda entry: entry.order, reverse=True)


def _actor_id(event) -> int | None:
    context = event.pgh_context
    return context.metadata.get("user") if context is not None else None


def _changes(before, after, labels) -> list[tuple[str, str, str]]:
    if before is None:
        return []
    changes = []
    for name, title in SHOWN_FIELDS.items():
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            if name == "label_id":
                old, new = labels.get(old, old), labels.get(new, new)
            changes.append((str(title), str(old), str(new)))
    return changes


def undoable_action(*, article: Article, reviewer: User) -> WorkspaceAction | None:
    """The reviewer's newest action in the article that has not been undone."""
    return (
        WorkspaceAction.objects.filter(reviewer=reviewer, article=article, undone_at__isnull=True)
        .order_by("-id")
        .first()
    )
