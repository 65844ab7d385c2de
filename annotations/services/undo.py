"""Undo of a reviewer's workspace actions, read back from the history PostgreSQL keeps.

Each workspace action runs inside ``workspace_action(...)``: the history triggers group its
changes under one pghistory context, and a trigger on the history tables adds one row naming
that context to the undo log (``WorkspaceAction``) with the first of them. Undo takes the
reviewer's newest pending action in the article and reverts its events, but only where nothing
changed since: a claim must still be at the revision the action left it at, exactly as an edit
with ``If-Match`` must. Otherwise the undo answers a conflict saying what changed and by whom,
and the action leaves the stack. Because undo reads the database, it survives reloads and works
across tabs.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pghistory
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Now
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from annotations.models import (
    Annotation,
    AnnotationEvent,
    Article,
    Label,
    NoClaimMark,
    NoClaimMarkEvent,
    Sentence,
    WorkspaceAction,
)
from annotations.selectors.history import undoable_action
from annotations.services.claims import is_no_claim_refusal

UNDO = "undo"
# Snapshot fields restored when an update or delete is undone.
CLAIM_FIELDS = ("sentence_id", "reviewer_id", "label_id", "spans", "attributed_to", "note")
Name = WorkspaceAction.Name


class UndoConflict(Exception):
    """The action cannot be undone without overwriting a later change; the message says which."""

    def __init__(self, message: str, sentence: Sentence | None):
        super().__init__(message)
        self.sentence = sentence


@dataclass(frozen=True)
class UndoOutcome:
    sentence: Sentence | None
    message: str


@contextmanager
def workspace_action(
    name: str, *, article_id: int, reviewer: User, **metadata: object
) -> Iterator[None]:
    """Run one undoable action; a trigger logs it with its first recorded change."""
    # The database stamps contexts with the transaction's start time, which does not order
    # actions inside one transaction; a clock reading from here does.
    with pghistory.context(
        workspace_action=name,
        workspace_article=article_id,
        workspace_reviewer=reviewer.pk,
        workspace_sequence=time.time_ns(),
        **metadata,
    ):
        yield


def action_undo(*, article: Article, reviewer: User) -> UndoOutcome:
    """Revert the reviewer's last action in the article, unless something changed it since.

    Raises UndoConflict (and drops the action from the stack) when it was overtaken.
    """
    with transaction.atomic():
        # Two undos at once (two tabs, a double press) take their turns and undo two actions.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                [f"annotations.undo:{reviewer.pk}:{article.pk}"],
            )
        action = undoable_action(article=article, reviewer=reviewer)
        if action is None:
            return UndoOutcome(sentence=None, message=_("Nothing to undo."))
        claim_events = list(
            AnnotationEvent.objects.filter(pgh_context_id=action.context_id).order_by("-pgh_id")
        )
        mark_events = list(
            NoClaimMarkEvent.objects.filter(pgh_context_id=action.context_id).order_by("-pgh_id")
        )
        touched = [event.sentence_id for event in claim_events + mark_events]
        sentence = Sentence.objects.filter(pk__in=touched).order_by("position").first()
        conflict = None
        try:
            with (
                transaction.atomic(),
                pghistory.context(
                    workspace_action=UNDO,
                    workspace_article=article.pk,
                    workspace_sequence=time.time_ns(),
                    undoes=str(action.context_id),
                ),
            ):
                for event in claim_events:
                    _revert_claim_event(event)
                for event in mark_events:
                    # A claim's trigger cleared the mark; it comes back only if no claim stayed.
                    _revert_mark_event(event, primary=not claim_events)
        except UndoConflict as error:
            conflict = UndoConflict(
                _("Could not undo %(what)s: %(why)s")
                % {"what": _describe(action, claim_events, sentence), "why": error}
                + " "
                + _("Press u again to undo your action before it."),
                sentence,
            )
        outcome = WorkspaceAction.Outcome.CONFLICT if conflict else WorkspaceAction.Outcome.UNDONE
        WorkspaceAction.objects.filter(pk=action.pk).update(undone_at=Now(), outcome=outcome)
    if conflict:
        raise conflict
    message = _("Undone: %(what)s.") % {"what": _describe(action, claim_events, sentence)}
    return UndoOutcome(sentence=sentence, message=message)


def _revert_claim_event(event: AnnotationEvent) -> None:
    current = Annotation.objects.select_for_update().filter(pk=event.pgh_obj_id).first()
    if event.pgh_label == "delete":
        if current is not None:
            raise UndoConflict(_("the claim is back already."), None)
        _restore_deleted(event)
        return
    if current is None:
        raise UndoConflict(_later_change(event, deleted=True), None)
    if current.revision != event.revision:
        raise UndoConflict(_later_change(event, current=current), None)
    if event.pgh_label == "insert":
        current.delete()
        return
    before = (
        AnnotationEvent.objects.filter(pgh_obj_id=event.pgh_obj_id, pgh_id__lt=event.pgh_id)
        .order_by("-pgh_id")
        .first()
    )
    if before is None:
        raise UndoConflict(_("its earlier state is not in the history."), None)
    try:
        with transaction.atomic():
            Annotation.objects.filter(pk=current.pk).update(
                **{name: getattr(before, name) for name in CLAIM_FIELDS}
            )
    except IntegrityError:
        raise UndoConflict(
            _("you have the claim it would restore (“%(label)s” on the same words) already.")
            % {"label": _label_name(before.label_id)},
            None,
        ) from None


def _restore_deleted(event: AnnotationEvent) -> None:
    if NoClaimMark.objects.filter(
        sentence_id=event.sentence_id, reviewer_id=event.reviewer_id
    ).exists():
        raise UndoConflict(
            _("the sentence has been marked “reviewed – no claim” since."),
            None,
        )
    try:
        with transaction.atomic():
            Annotation.objects.create(
                id=event.pgh_obj_id,
                **{name: getattr(event, name) for name in CLAIM_FIELDS},
                created_at=event.created_at,
                revision=event.revision + 1,
            )
    except IntegrityError:
        raise UndoConflict(
            _("you have added the same claim (“%(label)s” on the same words) again since.")
            % {"label": _label_name(event.label_id)},
            None,
        ) from None


def _revert_mark_event(event: NoClaimMarkEvent, *, primary: bool) -> None:
    marks = NoClaimMark.objects.filter(sentence_id=event.sentence_id, reviewer_id=event.reviewer_id)
    if event.pgh_label == "insert":
        if not marks.delete()[0] and primary:
            raise UndoConflict(_("the mark has been removed since."), None)
        return
    if event.pgh_label != "delete":
        return
    has_claims = Annotation.objects.filter(
        sentence_id=event.sentence_id, reviewer_id=event.reviewer_id
    ).exists()
    if has_claims:
        if primary:
            raise UndoConflict(_("you have added a claim to the sentence since."), None)
        return
    try:
        with transaction.atomic():
            NoClaimMark.objects.get_or_create(
                sentence_id=event.sentence_id, reviewer_id=event.reviewer_id
            )
    except IntegrityError as error:
        if not is_no_claim_refusal(error):
            raise
        raise UndoConflict(_("you have added a claim to the sentence since."), None) from None


def _later_change(
    event: AnnotationEvent, *, current: Annotation | None = None, deleted: bool = False
) -> str:
    """Who changed the claim after the action, and when."""
    latest = (
        AnnotationEvent.objects.filter(pgh_obj_id=event.pgh_obj_id, pgh_id__gt=event.pgh_id)
        .select_related("pgh_context")
        .order_by("-pgh_id")
        .first()
    )
    who, when = _("someone"), ""
    if latest is not None:
        when = date_format(localtime(latest.pgh_created_at), "SHORT_DATETIME_FORMAT")
        user_id = (latest.pgh_context.metadata or {}).get("user") if latest.pgh_context else None
        user = User.objects.filter(pk=user_id).first() if user_id else None
        if user is not None:
            who = user.get_username()
    if deleted:
        return _("%(who)s deleted the claim on %(when)s.") % {"who": who, "when": when}
    assert current is not None
    return _(
        "%(who)s changed the claim on %(when)s (now revision %(revision)d, label “%(label)s”, "
        "speaker “%(speaker)s”, note “%(note)s”)."
    ) % {
        "who": who,
        "when": when,
        "revision": current.revision,
        "label": _label_name(current.label_id),
        "speaker": current.attributed_to,
        "note": current.note,
    }


def _describe(
    action: WorkspaceAction, claim_events: list[AnnotationEvent], sentence: Sentence | None
) -> str:
    """What the action did, in the reviewer's words, e.g. “adding “Opinion” to sentence 4”."""
    label = _label_name(claim_events[-1].label_id) if claim_events else ""
    number = sentence.position + 1 if sentence else 0
    descriptions: dict[str, str] = {
        Name.CLAIM_CREATE: _("adding “%(label)s” to sentence %(n)d"),
        Name.CLAIM_UPDATE: _("the change of your “%(label)s” claim on sentence %(n)d"),
        Name.CLAIM_DELETE: _("deleting your “%(label)s” claim on sentence %(n)d"),
        Name.NO_CLAIM_MARK: _("marking sentence %(n)d “reviewed – no claim”"),
        Name.NO_CLAIM_UNMARK: _("removing “reviewed – no claim” from sentence %(n)d"),
    }
    template = descriptions.get(action.name, _("your last action on sentence %(n)d"))
    return template % {"label": label, "n": number}


def _label_name(label_id: int) -> str:
    label = Label.objects.filter(pk=label_id).only("name", "translations").first()
    return label.shown_name if label else "?"
