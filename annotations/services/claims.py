"""Writes for claims: create, change and delete annotations, and "reviewed – no claim" marks.

Every function takes the acting reviewer explicitly; permission checks happen before, in the
views and the API, through annotations.permissions. The history of every write is recorded by
database triggers (pghistory), with the acting user taken from the request context.
"""

from contextlib import nullcontext
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from annotations.models import Annotation, Label, NoClaimMark, Sentence, Suggestion
from annotations.spans import InvalidSpans, normalise_spans

UNSET = object()


def has_claims_message() -> str:
    return _("This sentence has your claims; delete them before marking it as having none.")


class ClaimError(ValueError):
    """A claim that cannot be stored as asked; the message says why, for the reviewer."""


class StaleEdit(ClaimError):
    """The claim changed since the reviewer loaded it; ``current`` is its state now."""

    def __init__(self, current: Annotation | None):
        self.current = current
        if current is None:
            message = _("This claim was deleted in the meantime.")
        else:
            message = _(
                "This claim was changed in the meantime (now revision %(revision)d); "
                "review the current version and try again."
            ) % {"revision": current.revision}
        super().__init__(message)


@dataclass(frozen=True)
class ClaimOutcome:
    annotation: Annotation
    created: bool


def annotation_create(
    *,
    sentence: Sentence,
    reviewer: User,
    label: Label,
    spans: object = None,
    attributed_to: str = "",
    note: str = "",
    suggestion: Suggestion | None = None,
) -> ClaimOutcome:
    """Store a claim; the same claim submitted twice (double click, two tabs) is stored once.

    ``suggestion`` is the machine suggestion the reviewer accepted, recorded on a new claim.
    """
    if not label.is_active:
        raise ClaimError(
            _("The label “%(label)s” is no longer in use.") % {"label": label.shown_name}
        )
    try:
        spans = normalise_spans(spans, text=sentence.text)
    except InvalidSpans as error:
        raise ClaimError(str(error)) from None
    lookup = {"sentence": sentence, "reviewer": reviewer, "label": label, "spans": spans}
    # One INSERT: the unique constraint catches repeats, and a database trigger clears the
    # reviewer's "no claim" mark on the sentence (migration 0006).
    # Outside a transaction the INSERT is atomic by itself; inside one, a savepoint keeps a
    # repeated claim from aborting the caller's transaction.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with guard:
            annotation = Annotation.objects.create(
                **lookup,
                attributed_to=attributed_to.strip(),
                note=note.strip(),
                suggestion=suggestion,
            )
    except IntegrityError:
        existing = Annotation.objects.filter(**lookup).first()
        if existing is None:
            raise
        return ClaimOutcome(annotation=existing, created=False)
    return ClaimOutcome(annotation=annotation, created=True)


def annotation_update(
    *,
    annotation: Annotation,
    expected_revision: int | None,
    label: Label | object = UNSET,
    spans: object = UNSET,
    attributed_to: str | object = UNSET,
    note: str | object = UNSET,
) -> Annotation:
    """Change a claim if nobody changed it since ``expected_revision`` (None skips the check)."""
    changes: dict = {}
    if isinstance(label, Label) and label.pk != annotation.label_id:
        if not label.is_active:
            raise ClaimError(
                _("The label “%(label)s” is no longer in use.") % {"label": label.shown_name}
            )
        changes["label"] = label
    if spans is not UNSET:
        sentence = annotation.sentence
        try:
            changes["spans"] = normalise_spans(spans, text=sentence.text)
        except InvalidSpans as error:
            raise ClaimError(str(error)) from None
    if isinstance(attributed_to, str):
        changes["attributed_to"] = attributed_to.strip()
    if isinstance(note, str):
        changes["note"] = note.strip()
    changes = {k: v for k, v in changes.items() if _current(annotation, k) != _plain(v)}
    if not changes and expected_revision in (None, annotation.revision):
        return annotation
    rows = Annotation.objects.filter(pk=annotation.pk)
    if expected_revision is not None:
        rows = rows.filter(revision=expected_revision)
    try:
        with transaction.atomic():
            # The database moves revision and updated_at on (migration 0009).
            updated = rows.update(**changes)
    except IntegrityError:
        raise ClaimError(_("You already have the same claim on this sentence.")) from None
    if not updated:
        raise StaleEdit(Annotation.objects.filter(pk=annotation.pk).first())
    annotation.refresh_from_db()
    return annotation


def annotation_delete(*, annotation: Annotation, expected_revision: int | None = None) -> None:
    """Remove a claim from the workspace; its history stays."""
    rows = Annotation.objects.filter(pk=annotation.pk)
    if expected_revision is not None:
        rows = rows.filter(revision=expected_revision)
    deleted, _counts = rows.delete()
    if not deleted:
        raise StaleEdit(Annotation.objects.filter(pk=annotation.pk).first())


def sentence_mark_no_claim(*, sentence: Sentence, reviewer: User) -> NoClaimMark:
    """Record "looked at, nothing to label"; refused while the reviewer has claims on it."""
    if Annotation.objects.filter(sentence=sentence, reviewer=reviewer).exists():
        raise ClaimError(has_claims_message())
    # A claim saved at the same moment wins: the database serialises the two writes and refuses
    # the mark if the claim committed first (migration 0009).
    try:
        with transaction.atomic():
            mark, _created = NoClaimMark.objects.get_or_create(sentence=sentence, reviewer=reviewer)
    except IntegrityError as error:
        if not is_no_claim_refusal(error):
            raise
        raise ClaimError(has_claims_message()) from None
    return mark


def is_no_claim_refusal(error: IntegrityError) -> bool:
    """True when the database refused a "no claim" mark because the sentence has claims."""
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == "annotations_no_claim_mark_needs_no_claims"


def sentence_unmark_no_claim(*, sentence: Sentence, reviewer: User) -> None:
    NoClaimMark.objects.filter(sentence=sentence, reviewer=reviewer).delete()


def _current(annotation: Annotation, field: str):
    return annotation.label_id if field == "label" else getattr(annotation, field)


def _plain(value):
    return value.pk if isinstance(value, Label) else value
