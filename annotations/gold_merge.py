"""Pre-merge: from several reviewers' claims on one sentence to a gold proposal; pure Python.

Two claims are "the same" when they have the same label, cover the same characters (a
discontinuous claim is the set of its characters; [] is the whole sentence) and name the same
speaker (compared without case and surrounding space). A sentence is *waiting* until enough
reviewers have reviewed it; then

- unanimous rule: it is *agreed* when every reviewer made exactly the same claims (or every one
  marked "no claim");
- majority rule: it is *agreed* when more than half of the reviewers marked "no claim", or when
  at least one claim was made by more than half of them; the gold is then those claims;

and *disputed* otherwise. A disputed sentence still gets a proposal for the curator: the claims
(or "no claim") most reviewers gave, when at least two agree.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotations.agreement import canonical_ranges

WAITING, AGREED, DISPUTED = "waiting", "agreed", "disputed"
UNANIMOUS, MAJORITY = "unanimous", "majority"


@dataclass(frozen=True)
class ReviewerClaim:
    annotation_id: int
    reviewer_id: int
    revision: int
    label_id: int
    spans: tuple[tuple[int, int], ...]
    attributed_to: str = ""


@dataclass(frozen=True)
class ProposedClaim:
    label_id: int
    spans: tuple[tuple[int, int], ...]
    attributed_to: str
    origin: str  # unanimous or majority
    sources: tuple[ReviewerClaim, ...]


@dataclass(frozen=True)
class Proposal:
    state: str  # waiting, agreed or disputed
    origin: str  # for agreed: unanimous or majority; else ""
    no_claim: bool  # the proposal is "no claim"
    claims: tuple[ProposedClaim, ...]
    reviewers: int

    @property
    def is_empty(self) -> bool:
        return not self.claims and not self.no_claim


def speaker_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def claim_key(claim: ReviewerClaim, length: int) -> tuple:
    return (claim.label_id, canonical_ranges(claim.spans, length), speaker_key(claim.attributed_to))


def basis_of(claims: Iterable[ReviewerClaim], no_claim_reviewers: Iterable[int]) -> dict:
    """What a decision saw: every claim with its revision, and who marked "no claim"."""
    return {
        "claims": sorted([c.annotation_id, c.revision] for c in claims),
        "no_claim": sorted(set(no_claim_reviewers)),
    }


def premerge(
    claims: Sequence[ReviewerClaim],
    no_claim_reviewers: Iterable[int],
    *,
    length: int,
    required: int,
    rule: str,
) -> Proposal:
    no_claim = set(no_claim_reviewers)
    by_reviewer: dict[int, list[ReviewerClaim]] = defaultdict(list)
    for claim in sorted(claims, key=lambda c: c.annotation_id):
        by_reviewer[claim.reviewer_id].append(claim)
    reviewers = len(set(by_reviewer) | no_claim)
    # Support of each distinct claim: the reviewers who made it, and their claims.
    support: dict[tuple, list[ReviewerClaim]] = defaultdict(list)
    for own in by_reviewer.values():
        seen = set()
        for claim in own:
            key = claim_key(claim, length)
            if key not in seen:
                seen.add(key)
                support[key].append(claim)
    unanimous = reviewers >= 1 and (
        (not support and no_claim)
        or (not no_claim and all(len(held) == reviewers for held in support.values()))
    )

    def proposed(key: tuple, origin: str) -> ProposedClaim:
        first = support[key][0]
        return ProposedClaim(
            first.label_id, first.spans, first.attributed_to, origin, tuple(support[key])
        )

    def ordered(keys: Iterable[tuple]) -> list[tuple]:
        return sorted(keys, key=lambda k: (k[1], k[0], k[2]))

    if unanimous:
        gold = tuple(proposed(key, UNANIMOUS) for key in ordered(support))
        outcome = Proposal(AGREED, UNANIMOUS, not gold, gold, reviewers)
    elif rule == MAJORITY:
        outcome = _majority(support, no_claim, reviewers, proposed, ordered)
    else:
        outcome = Proposal(DISPUTED, "", False, (), reviewers)
    if outcome.state == DISPUTED:
        outcome = Proposal(
            DISPUTED, "", *_plurality(support, no_claim, reviewers, proposed, ordered), reviewers
        )
    if reviewers < required:
        return Proposal(WAITING, "", outcome.no_claim, outcome.claims, reviewers)
    return outcome


def _majority(support, no_claim, reviewers, proposed, ordered) -> Proposal:
    half = reviewers / 2
    if len(no_claim) > half:
        return Proposal(AGREED, MAJORITY, True, (), reviewers)
    winners = [key for key, held in support.items() if len(held) > half]
    if not winners:
        return Proposal(DISPUTED, "", False, (), reviewers)
    gold = tuple(
        proposed(key, UNANIMOUS if len(support[key]) == reviewers else MAJORITY)
        for key in ordered(winners)
    )
    return Proposal(AGREED, MAJORITY, False, gold, reviewers)


def _plurality(support, no_claim, reviewers, proposed, ordered) -> tuple[bool, tuple]:
    best = max((len(held) for held in support.values()), default=0)
    if len(no_claim) >= 2 and len(no_claim) > best:
        return True, ()
    if best < 2:
        return False, ()
    keys = [key for key, held in support.items() if len(held) == best]
    return False, tuple(proposed(key, MAJORITY) for key in ordered(keys))
