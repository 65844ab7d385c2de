"""Undo of a reviewer's workspace actions, read back from the history PostgreSQL keeps.

Each workspace action runs inside ``workspace_action(...)``, which tags its pghistory context
with the action and article. Undo finds the reviewer's newest action in the article that is not
yet undone and reverts its events, newest first; the undo is itself an action, recorded with the
context it undoes. Because it reads the database, undo survives reloads and works across tabs.
"""

import time
from contextlib import contextmanager

import pghistory
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Now

from annotations.models import (
    Annotation,
    AnnotationEvent,
    Article,
    NoClaimMark,
    NoClaimMarkEvent,
    Sentence,
)
from annotations.selectors.history import UNDO, undoable_action

# Snapshot fields restored when an update or delete is undone.
CLAIM_FIELDS = ("sentence_id", "reviewer_id", "label_id", "spans", "attributed_to", "note")


@contextmanager
def workspace_action(name: str, *, article_id: int, **metadata):
    # The database stamps contexts with the transaction's start time, which does not order
    # actions inside one transaction; a clock reading from here does.
    with pghistory.context(
        workspace_action=name,
        workspace_article=article_id,
        workspace_sequence=time.time_ns(),
        **metadata,
    ):
        yield


def action_undo(*, article: Article, reviewer) -> Sentence | None:
    """Revert the reviewer's last action in the article; returns a sentence it touched."""
    action = undoable_action(article=article, reviewer=reviewer)
    if action is None:
        return None
    touched: list[int] = []
    with (
        transaction.atomic(),
        workspace_action(UNDO, article_id=article.pk, undoes=str(action.id)),
    ):
        for event in AnnotationEvent.objects.filter(pgh_context=action).order_by("-pgh_id"):
            touched.append(event.sentence_id)
            _revert_claim_event(event)
        for event in NoClaimMarkEvent.objects.filter(pgh_context=action).order_by("-pgh_id"):
            touched.append(event.sentence_id)
            _revert_mark_event(event)
    return Sentence.objects.filter(pk__in=touched).order_by("position").first()


def _revert_claim_event(event) -> None:
    if event.pgh_label == "insert":
        Annotation.objects.filter(pk=event.pgh_obj_id).delete()
    elif event.pgh_label == "update":
        before = (
            AnnotationEvent.objects.filter(pgh_obj_id=event.pgh_obj_id, pgh_id__lt=event.pgh_id)
            .order_by("-pgh_id")
            .first()
        )
        if before is not None:
            Annotation.objects.filter(pk=event.pgh_obj_id).update(
                **{name: getattr(before, name) for name in CLAIM_FIELDS},
                revision=F("revision") + 1,
                updated_at=Now(),
            )
    elif (
        event.pgh_label == "delete" and not Annotation.objects.filter(pk=event.pgh_obj_id).exists()
    ):
        Annotation.objects.create(
            id=event.pgh_obj_id,
            **{name: getattr(event, name) for name in CLAIM_FIELDS},
            created_at=event.created_at,
            revision=event.revision + 1,
        )


def _revert_mark_event(event) -> None:
    if event.pgh_label == "insert":
        NoClaimMark.objects.filter(pk=event.pgh_obj_id).delete()
    elif event.pgh_label == "delete":
        NoClaimMark.objects.get_or_create(
            sentence_id=event.sentence_id, reviewer_id=event.reviewer_id
        )
