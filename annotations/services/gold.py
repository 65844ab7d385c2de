"""Writes for gold: keeping each sentence's gold state current, and curators' decisions.

Triggers queue every sentence whose claims or "no claim" marks change (GoldPending, migration
0015); ``gold_refresh`` works the queue off: automatic pre-merge for sentences without a
curator's decision, and *stale* for those with one whose reviewers' work changed since. A
curator's decision is never rewritten by a refresh. Pages, the API and exports call
``gold_refresh`` before they read gold, so what they show is always current.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations.agreement import sentence_agreement
from annotations.gold_merge import (
    AGREED,
    ProposedClaim,
    ReviewerClaim,
    basis_of,
    claim_key,
    premerge,
    speaker_key,
)
from annotations.models import (
    Annotation,
    GoldClaim,
    GoldOrigin,
    GoldPending,
    GoldSentence,
    GoldSettings,
    Label,
    NoClaimMark,
    Sentence,
)
from annotations.spans import InvalidSpans, normalise_spans

BATCH = 2000
# bulk_update writes one CASE per field with a WHEN per row, which PostgreSQL evaluates for
# every row: its cost grows with the square of the batch, so updates go in small batches.
UPDATE_BATCH = 100

# A waiting row for each sentence that has none yet (the refresh then locks and fills them).
# Plain SQL: building 2,000 model instances for bulk_create cost more than the refresh itself.
INSERT_WAITING_SQL = """
    INSERT INTO annotations_goldsentence
        (sentence_id, state, no_claim, origin, rationale, error_category, reviewers, basis,
         version)
    SELECT id, 'waiting', false, '', '', '', 0, '{}'::jsonb, 1 FROM unnest(%s::bigint[]) AS id
    ON CONFLICT (sentence_id) DO NOTHING
"""
# The refreshed columns of many gold rows in one statement, from parallel arrays.
UPDATE_STATES_SQL = """
    UPDATE annotations_goldsentence AS g
    SET state = v.state, no_claim = v.no_claim, origin = v.origin, reviewers = v.reviewers,
        agreement = v.agreement, basis = v.basis::jsonb, version = v.version,
        decided_at = v.decided_at, updated_at = v.updated_at
    FROM unnest(%s::bigint[], %s::varchar[], %s::boolean[], %s::varchar[], %s::smallint[],
                %s::double precision[], %s::text[], %s::integer[], %s::timestamptz[],
                %s::timestamptz[])
        AS v(id, state, no_claim, origin, reviewers, agreement, basis, version, decided_at,
             updated_at)
    WHERE g.id = v.id
"""
State = GoldSentence.State


class GoldError(ValueError):
    """A decision that cannot be stored as asked; the message says why, for the curator."""


class StaleDecision(GoldError):
    def __init__(self) -> None:
        super().__init__(
            _("Someone else decided this sentence in the meantime; review the current gold.")
        )


@dataclass(frozen=True)
class SentenceWork:
    """Everything reviewers did on one sentence, as gold needs it."""

    sentence_id: int
    length: int
    claims: tuple[ReviewerClaim, ...]
    no_claim_reviewers: frozenset[int]

    @property
    def basis(self) -> dict:
        return basis_of(self.claims, self.no_claim_reviewers)

    @property
    def reviewers(self) -> int:
        return len({c.reviewer_id for c in self.claims} | self.no_claim_reviewers)

    def agreement(self) -> float | None:
        sets: dict[int, set] = {r: set() for r in self.no_claim_reviewers}
        for claim in self.claims:
            sets.setdefault(claim.reviewer_id, set()).add(claim.label_id)
        return sentence_agreement([frozenset(s) for s in sets.values()])


def sentence_work(sentence_ids: Sequence[int]) -> dict[int, SentenceWork]:
    """The reviewers' work on these sentences, in three queries."""
    lengths = dict(
        Sentence.objects.filter(pk__in=sentence_ids)
        .annotate(length=F("end") - F("start"))
        .values_list("id", "length")
    )
    claims: dict[int, list[ReviewerClaim]] = defaultdict(list)
    rows = Annotation.objects.filter(sentence_id__in=lengths).values_list(
        "sentence_id", "id", "reviewer_id", "revision", "label_id", "spans", "attributed_to"
    )
    for sentence_id, pk, reviewer_id, revision, label_id, spans, speaker in rows:
        claims[sentence_id].append(
            ReviewerClaim(pk, reviewer_id, revision, label_id, _spans(spans), speaker)
        )
    marks: dict[int, set[int]] = defaultdict(set)
    for sentence_id, reviewer_id in NoClaimMark.objects.filter(sentence_id__in=lengths).values_list(
        "sentence_id", "reviewer_id"
    ):
        marks[sentence_id].add(reviewer_id)
    return {
        pk: SentenceWork(pk, length, tuple(claims[pk]), frozenset(marks[pk]))
        for pk, length in lengths.items()
    }


def _spans(raw) -> tuple[tuple[int, int], ...]:
    return tuple((int(s), int(e)) for s, e in raw or ())


def gold_queue_all() -> int:
    """Queue every sentence with reviewers' work, e.g. after the pre-merge settings changed."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO annotations_goldpending (sentence_id)
            SELECT sentence_id FROM annotations_annotation
            UNION SELECT sentence_id FROM annotations_noclaimmark
            UNION SELECT sentence_id FROM annotations_goldsentence
            ON CONFLICT DO NOTHING
            """
        )
        return cursor.rowcount


def gold_refresh(*, sentence_ids: Iterable[int] | None = None) -> int:
    """Bring gold up to date for the queued sentences (or only those of ``sentence_ids``).

    Returns how many sentences were looked at. Cheap when nothing is queued: one DELETE.
    """
    refreshed = 0
    settings_row = GoldSettings.load()
    while True:
        with transaction.atomic():
            # Taking the queue rows locks them; a concurrent refresh waits, then finds them gone.
            with connection.cursor() as cursor:
                only = list(sentence_ids) if sentence_ids is not None else None
                where = "WHERE sentence_id = ANY(%s)" if only is not None else ""
                cursor.execute(
                    f"""
                    DELETE FROM annotations_goldpending WHERE sentence_id IN (
                        SELECT sentence_id FROM annotations_goldpending {where}
                        ORDER BY sentence_id LIMIT {BATCH} FOR UPDATE SKIP LOCKED
                    ) RETURNING sentence_id
                    """,
                    [only] if only is not None else [],
                )
                batch = sorted(row[0] for row in cursor.fetchall())
            if not batch:
                return refreshed
            _refresh_batch(batch, settings_row)
            refreshed += len(batch)


def _refresh_batch(sentence_ids: list[int], settings_row: GoldSettings) -> None:
    work = sentence_work(sentence_ids)
    # Rows first, then locks: a curator deciding one of these sentences waits, or we wait.
    with connection.cursor() as cursor:
        cursor.execute(INSERT_WAITING_SQL, [list(work)])
    golds = {
        g.sentence_id: g
        for g in GoldSentence.objects.select_for_update()
        .filter(sentence_id__in=work)
        .order_by("sentence_id")
    }
    current: dict[int, list[GoldClaim]] = defaultdict(list)
    for claim in GoldClaim.objects.filter(gold__in=golds.values()):
        current[claim.gold_id].append(claim)
    now = timezone.now()
    changed: list[GoldSentence] = []
    delete_ids: list[int] = []
    create: list[GoldClaim] = []
    update: list[GoldClaim] = []
    for pk, gold in golds.items():
        item = work[pk]
        before = (gold.state, gold.reviewers, gold.agreement, gold.no_claim, gold.origin)
        gold.reviewers, gold.agreement = item.reviewers, item.agreement()
        if gold.curator_id is not None:
            gold.state = State.ADJUDICATED if gold.basis == item.basis else State.STALE
            decision_changed = False
        else:
            proposal = premerge(
                item.claims,
                item.no_claim_reviewers,
                length=item.length,
                required=settings_row.reviewers_required,
                rule=settings_row.rule,
            )
            decision_changed = _apply_proposal(
                gold, proposal, item, current[gold.pk], delete_ids, create, update, now
            )
        if decision_changed or before != (
            gold.state,
            gold.reviewers,
            gold.agreement,
            gold.no_claim,
            gold.origin,
        ):
            gold.updated_at = now
            changed.append(gold)
    if delete_ids:
        GoldClaim.objects.filter(pk__in=delete_ids).delete()
    if update:
        GoldClaim.objects.bulk_update(
            update, ["origin", "sources", "updated_at"], batch_size=UPDATE_BATCH
        )
    if create:
        GoldClaim.objects.bulk_create(create)
    if changed:
        with connection.cursor() as cursor:
            cursor.execute(
                UPDATE_STATES_SQL,
                [
                    [g.pk for g in changed],
                    [g.state for g in changed],
                    [g.no_claim for g in changed],
                    [g.origin for g in changed],
                    [g.reviewers for g in changed],
                    [g.agreement for g in changed],
                    [json.dumps(g.basis) for g in changed],
                    [g.version for g in changed],
                    [g.decided_at for g in changed],
                    [g.updated_at for g in changed],
                ],
            )


def _apply_proposal(gold, proposal, item, existing, delete_ids, create, update, now) -> bool:
    """Make an automatic decision match the proposal; True if the decision changed."""
    if proposal.state != AGREED:
        was_decided = gold.decided_at is not None
        gold.state, gold.no_claim, gold.origin = proposal.state, False, ""
        gold.decided_at, gold.basis = None, {}
        delete_ids.extend(c.pk for c in existing)
        if was_decided:
            gold.version += 1
        return was_decided
    wanted = {_gold_key(c, item.length): c for c in proposal.claims}
    have = {_gold_key(c, item.length): c for c in existing}
    changed = (
        gold.state != State.AGREED
        or gold.no_claim != proposal.no_claim
        or gold.origin != proposal.origin
        or wanted.keys() != have.keys()
    )
    for key, row in have.items():
        if key not in wanted:
            delete_ids.append(row.pk)
            continue
        origin, sources = wanted[key].origin, _sources(wanted[key].sources)
        if (row.origin, row.sources) != (origin, sources):
            row.origin, row.sources, row.updated_at = origin, sources, now
            update.append(row)
    for key, claim in wanted.items():
        if key not in have:
            create.append(
                GoldClaim(
                    gold=gold,
                    label_id=claim.label_id,
                    spans=[list(s) for s in claim.spans],
                    attributed_to=claim.attributed_to,
                    origin=claim.origin,
                    sources=_sources(claim.sources),
                )
            )
    gold.state, gold.no_claim, gold.origin = State.AGREED, proposal.no_claim, proposal.origin
    gold.basis = item.basis
    if changed:
        gold.decided_at = now
        gold.version += 1
    return changed


def _gold_key(claim: GoldClaim | ProposedClaim, length: int) -> tuple:
    spans = claim.spans if isinstance(claim, ProposedClaim) else _spans(claim.spans)
    label_id = claim.label_id
    return claim_key(ReviewerClaim(0, 0, 0, label_id, spans, claim.attributed_to), length)


def _sources(claims: Iterable[ReviewerClaim]) -> list[dict]:
    return [
        {"annotation": c.annotation_id, "reviewer": c.reviewer_id, "revision": c.revision}
        for c in sorted(claims, key=lambda c: c.annotation_id)
    ]


# Curators' decisions ------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldClaimInput:
    """One claim of a curator's decision; ``taken_from`` names the reviewers' claims it used."""

    label: Label
    spans: object = None
    attributed_to: str = ""
    taken_from: Sequence[int] = field(default_factory=tuple)


def gold_decide(
    *,
    sentence: Sentence,
    curator: AbstractBaseUser,
    claims: Sequence[GoldClaimInput] = (),
    no_claim: bool = False,
    rationale: str = "",
    error_category: str = "",
    expected_version: int | None = None,
) -> GoldSentence:
    """Set the sentence's gold to these claims (or to "no claim"), in the curator's name.

    A claim equal to reviewers' claims (label, characters, speaker) is *adjudicated* and lists
    them all as sources; any other is the *curator's own* and lists the claims it was edited
    from. The decision records the reviewers' work it saw, so a later change makes it stale.
    """
    if no_claim and claims:
        raise GoldError(_("A sentence's gold is either claims or “no claim”, not both."))
    if not no_claim and not claims:
        raise GoldError(_("Give the gold at least one claim, or decide “no claim”."))
    if error_category and error_category not in GoldSentence.ErrorCategory.values:
        raise GoldError(_("Unknown error category “%(value)s”.") % {"value": error_category})
    length = sentence.end - sentence.start
    with transaction.atomic():
        gold = _locked_gold(sentence)
        if expected_version is not None and gold.version != expected_version:
            raise StaleDecision()
        # Unqueue before reading: a reviewer's change committed after this read queues again.
        GoldPending.objects.filter(sentence_id=sentence.pk).delete()
        item = sentence_work([sentence.pk])[sentence.pk]
        support: dict[tuple, list[ReviewerClaim]] = defaultdict(list)
        for reviewer_claim in item.claims:
            support[claim_key(reviewer_claim, length)].append(reviewer_claim)
        by_id = {c.annotation_id: c for c in item.claims}
        rows: dict[tuple, GoldClaim] = {}
        for wanted in claims:
            if not wanted.label.is_active:
                raise GoldError(
                    _("The label “%(label)s” is no longer in use.")
                    % {"label": wanted.label.shown_name}
                )
            try:
                spans = normalise_spans(wanted.spans, text=sentence.text)
            except InvalidSpans as error:
                raise GoldError(str(error)) from None
            speaker = " ".join(wanted.attributed_to.split())
            key = claim_key(ReviewerClaim(0, 0, 0, wanted.label.pk, _spans(spans), speaker), length)
            if key in rows:
                continue
            held = support.get(key)
            if held:
                origin, sources = GoldOrigin.ADJUDICATED, held
            else:
                origin = GoldOrigin.CURATOR
                sources = [by_id[pk] for pk in wanted.taken_from if pk in by_id]
            rows[key] = GoldClaim(
                gold=gold,
                label=wanted.label,
                spans=spans,
                attributed_to=held[0].attributed_to if held else speaker,
                origin=origin,
                sources=_sources(sources),
            )
        gold.claims.all().delete()
        GoldClaim.objects.bulk_create(rows.values())
        own = any(row.origin == GoldOrigin.CURATOR for row in rows.values())
        if no_claim:
            own = not item.no_claim_reviewers
        now = timezone.now()
        gold.state = State.ADJUDICATED
        gold.no_claim = no_claim
        gold.origin = GoldOrigin.CURATOR if own else GoldOrigin.ADJUDICATED
        gold.curator = curator  # type: ignore[assignment]  # any user model
        gold.rationale = rationale.strip()
        gold.error_category = error_category
        gold.reviewers = item.reviewers
        gold.agreement = item.agreement()
        gold.basis = item.basis
        gold.version += 1
        gold.decided_at = now
        gold.updated_at = now
        gold.save()
    return gold


def gold_reopen(
    *, sentence: Sentence, curator: AbstractBaseUser, expected_version: int | None = None
) -> GoldSentence:
    """Withdraw a curator's decision: the sentence goes back to pre-merge (and maybe the queue)."""
    with transaction.atomic():
        gold = _locked_gold(sentence)
        if expected_version is not None and gold.version != expected_version:
            raise StaleDecision()
        if gold.curator_id is None:
            raise GoldError(_("This sentence has no curator's decision to withdraw."))
        gold.claims.all().delete()
        gold.state, gold.no_claim, gold.origin = State.WAITING, False, ""
        gold.curator, gold.rationale, gold.error_category = None, "", ""
        gold.decided_at, gold.basis = None, {}
        gold.version += 1
        gold.updated_at = timezone.now()
        gold.save()
        GoldPending.objects.get_or_create(sentence_id=sentence.pk)
    gold_refresh(sentence_ids=[sentence.pk])
    gold.refresh_from_db()
    return gold


def gold_void(*, sentence_ids: Sequence[int]) -> None:
    """Drop the gold of sentences whose text a segmentation fix changed, and queue them again.

    Gold claims are spans in their sentence's text, which a split or merge rewrites: the old
    decision no longer names the same characters. History keeps it (the delete events); the
    sentences go back to pre-merge, and a curated one whose reviewers disagree to the queue.
    Call inside the fix's transaction.
    """
    GoldSentence.objects.filter(sentence_id__in=sentence_ids).delete()
    GoldPending.objects.bulk_create(
        [GoldPending(sentence_id=pk) for pk in sentence_ids], ignore_conflicts=True
    )


def _locked_gold(sentence: Sentence) -> GoldSentence:
    GoldSentence.objects.bulk_create(
        [GoldSentence(sentence=sentence, state=State.WAITING)], ignore_conflicts=True
    )
    return GoldSentence.objects.select_for_update().get(sentence=sentence)


def gold_settings_update(
    *, reviewers_required: int, rule: str, reviewers_see_gold: bool
) -> GoldSettings:
    """Change pre-merge; every automatic decision is recomputed on the next refresh."""
    if reviewers_required < 1:
        raise GoldError(_("At least one reviewer is required."))
    if rule not in GoldSettings.Rule.values:
        raise GoldError(_("Unknown pre-merge rule “%(rule)s”.") % {"rule": rule})
    with transaction.atomic():
        # Locked: two admins saving at once change the row one after the other.
        row, _created = GoldSettings.objects.select_for_update().get_or_create(id=1)
        premerge_changed = (row.reviewers_required, row.rule) != (reviewers_required, rule)
        row.reviewers_required, row.rule = reviewers_required, rule
        row.reviewers_see_gold = reviewers_see_gold
        row.save()
        if premerge_changed:
            gold_queue_all()
    return row


__all__ = [
    "GoldClaimInput",
    "GoldError",
    "SentenceWork",
    "StaleDecision",
    "gold_decide",
    "gold_queue_all",
    "gold_refresh",
    "gold_reopen",
    "gold_settings_update",
    "sentence_work",
    "speaker_key",
]
