"""Reads for the annotation workspace: sentences with their claims, states and progress."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby, pairwise

from django.contrib.auth.models import User
from django.db.models import Count, Exists, OuterRef, Q

from annotations.models import (
    Annotation,
    Article,
    Label,
    NoClaimMark,
    Sentence,
    Suggestion,
    SuggestionDecision,
)


@dataclass(frozen=True)
class Segment:
    """A run of sentence text with the claims (labels) of the viewer that cover it."""

    text: str
    labels: tuple[Label, ...] = ()
    # Covered by a suggestion the viewer has not decided on (drawn dashed, never as a claim).
    suggested: bool = False


@dataclass
class SentenceRow:
    sentence: Sentence
    claims: list[Annotation] = field(default_factory=list)
    no_claim: bool = False
    # Other reviewers' work, for staff: [(reviewer, claims, no_claim)], in reviewer order.
    others: list[tuple[object, list[Annotation], bool]] = field(default_factory=list)
    # Machine suggestions the viewer has not decided on, shown apart from claims.
    suggestions: list[Suggestion] = field(default_factory=list)
    error: str = ""

    @property
    def state(self) -> str:
        if self.claims:
            return "claimed"
        return "no-claim" if self.no_claim else "open"

    @property
    def reviewed(self) -> bool:
        return self.state != "open"

    @property
    def segments(self) -> list[Segment]:
        return highlight_segments(self.sentence.text, self.claims, self.suggestions)


@dataclass(frozen=True)
class Progress:
    reviewed: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.reviewed / self.total) if self.total else 0

    @property
    def done(self) -> bool:
        return self.total > 0 and self.reviewed == self.total


def highlight_segments(
    text: str, claims: Iterable[Annotation], suggestions: Iterable[Suggestion] = ()
) -> list[Segment]:
    """Cut ``text`` at every span boundary so each piece knows which claims cover it, and
    whether a suggestion does (a whole-sentence suggestion covers all of it)."""
    ranges = [(start, end, claim.label) for claim in claims for start, end in claim.spans]
    suggested = [
        (start, end)
        for suggestion in suggestions
        for start, end in (suggestion.spans or [[0, len(text)]])
    ]
    if not ranges and not suggested:
        return [Segment(text)]
    edges = [edge for r in ranges for edge in r[:2]] + [edge for r in suggested for edge in r]
    cuts = sorted({0, len(text), *edges})
    segments = []
    for start, end in pairwise(cuts):
        labels = tuple(label for s, e, label in ranges if s <= start and end <= e)
        covered = any(s <= start and end <= e for s, e in suggested)
        segments.append(Segment(text[start:end], labels, covered))
    return segments


# Sentences rendered per request: a long article opens with its first chunk and loads the
# next as the reviewer scrolls or moves on with the keyboard. A hundred sentences fill several
# screens (most news articles fit whole) and render in about 50 ms; the page's cost is almost all
# template rendering, linear in the rows shown.
CHUNK_SIZE = 100


def workspace_rows(
    *, article: Article, viewer, others: Sequence = (), start: int = 0, stop: int | None = None
) -> list[list[SentenceRow]]:
    """Sentences ``start``..``stop`` (positions) in paragraphs, with the viewer's claims and the
    others' beside. Claims and marks are read for those sentences only."""
    chosen = Sentence.objects.filter(article=article, position__gte=start)
    if stop is not None:
        chosen = chosen.filter(position__lt=stop)
    sentences = list(chosen.order_by("position"))
    sentence_ids = [sentence.pk for sentence in sentences]
    reviewer_ids = [viewer.pk, *(other.pk for other in others)]
    claims = defaultdict(list)
    for claim in (
        Annotation.objects.filter(sentence_id__in=sentence_ids, reviewer_id__in=reviewer_ids)
        .select_related("label")
        .order_by("created_at", "id")
    ):
        claims[claim.sentence_id, claim.reviewer_id].append(claim)
    marks = set(
        NoClaimMark.objects.filter(
            sentence_id__in=sentence_ids, reviewer_id__in=reviewer_ids
        ).values_list("sentence_id", "reviewer_id")
    )
    suggestions = open_suggestions(sentence_ids=sentence_ids, viewer=viewer)
    rows = [_row(sentence, viewer, others, claims, marks, suggestions) for sentence in sentences]
    return [list(group) for _, group in groupby(rows, key=lambda row: row.sentence.paragraph)]


def article_progress(*, article: Article, viewer) -> Progress:
    """The viewer's progress through the whole article, in one aggregate query."""
    counts = Sentence.objects.filter(article=article).aggregate(
        total=Count("id"), reviewed=Count("id", filter=reviewed_sentences(viewer))
    )
    return Progress(reviewed=counts["reviewed"], total=counts["total"])


def sentence_row_and_progress(
    *, sentence: Sentence, viewer, others: Sequence = ()
) -> tuple[SentenceRow, Progress]:
    """One sentence as the workspace shows it, and the viewer's progress in its article.

    Two queries for a reviewer (this is the save path of every label): the claims, and one
    aggregate that also says whether the viewer marked the sentence "no claim" and whether it
    has suggestions; a third reads those suggestions when it has.
    """
    reviewer_ids = [viewer.pk, *(other.pk for other in others)]
    claims = defaultdict(list)
    for claim in (
        Annotation.objects.filter(sentence=sentence, reviewer_id__in=reviewer_ids)
        .select_related("label")
        .order_by("created_at", "id")
    ):
        claims[claim.sentence_id, claim.reviewer_id].append(claim)
    viewer_mark = NoClaimMark.objects.filter(sentence=OuterRef("pk"), reviewer=viewer)
    # The same aggregate says whether the sentence has suggestions at all: most have none, and
    # then the save path reads nothing more for them.
    any_suggestion = Suggestion.objects.filter(sentence=OuterRef("pk"))
    counts = Sentence.objects.filter(article_id=sentence.article_id).aggregate(
        total=Count("id"),
        reviewed=Count("id", filter=reviewed_sentences(viewer)),
        marked=Count("id", filter=Q(pk=sentence.pk) & Q(Exists(viewer_mark))),
        suggested=Count("id", filter=Q(pk=sentence.pk) & Q(Exists(any_suggestion))),
    )
    marks = {(sentence.pk, viewer.pk)} if counts["marked"] else set()
    if others:
        marks |= set(
            NoClaimMark.objects.filter(
                sentence=sentence, reviewer_id__in=[other.pk for other in others]
            ).values_list("sentence_id", "reviewer_id")
        )
    progress = Progress(reviewed=counts["reviewed"], total=counts["total"])
    suggestions = (
        open_suggestions(sentence_ids=[sentence.pk], viewer=viewer) if counts["suggested"] else {}
    )
    return _row(sentence, viewer, others, claims, marks, suggestions), progress


def open_suggestions(*, sentence_ids: Sequence[int], viewer) -> dict[int, list[Suggestion]]:
    """Suggestions on the sentences that the viewer has neither accepted nor rejected, of
    labels that show suggestions; one query. An acceptance whose claim is gone (undone,
    deleted) opens the suggestion again."""
    decided = SuggestionDecision.objects.filter(suggestion=OuterRef("pk"), reviewer=viewer).filter(
        Q(verdict=SuggestionDecision.Verdict.REJECTED) | Q(claim__isnull=False)
    )
    found: dict[int, list[Suggestion]] = defaultdict(list)
    for suggestion in (
        Suggestion.objects.filter(
            sentence_id__in=sentence_ids, label__is_active=True, label__suggestions_enabled=True
        )
        .exclude(Exists(decided))
        .select_related("label")
        .order_by("sentence_id", "-score", "id")
    ):
        found[suggestion.sentence_id].append(suggestion)
    return found


def _row(sentence, viewer, others, claims, marks, suggestions=None) -> SentenceRow:
    for claim in claims.get((sentence.pk, viewer.pk), []) + [
        claim for other in others for claim in claims.get((sentence.pk, other.pk), [])
    ]:
        claim.sentence = sentence  # the claims' texts are cut from it without another query
    own = claims.get((sentence.pk, viewer.pk), [])
    no_claim = (sentence.pk, viewer.pk) in marks
    reviewed = bool(own) or no_claim
    made = {(claim.label_id, str(claim.spans)) for claim in own}
    shown = [
        suggestion
        for suggestion in (suggestions or {}).get(sentence.pk, [])
        # Anchoring: some labels wait until the reviewer has judged the sentence alone; and a
        # claim the reviewer already made is not suggested again.
        if (reviewed or not suggestion.label.suggestions_after_review)
        and (suggestion.label_id, str(suggestion.spans)) not in made
    ]
    for suggestion in shown:
        suggestion.sentence = sentence
    return SentenceRow(
        sentence=sentence,
        suggestions=shown,
        claims=own,
        no_claim=no_claim,
        others=[
            (other, claims.get((sentence.pk, other.pk), []), (sentence.pk, other.pk) in marks)
            for other in others
        ],
    )


def reviewed_sentences(reviewer) -> Q:
    """Sentences the reviewer has looked at: a claim or a "no claim" mark of theirs."""
    return Q(Exists(Annotation.objects.filter(sentence=OuterRef("pk"), reviewer=reviewer))) | Q(
        Exists(NoClaimMark.objects.filter(sentence=OuterRef("pk"), reviewer=reviewer))
    )


def first_unreviewed_position(*, article: Article, reviewer) -> int | None:
    return (
        Sentence.objects.filter(article=article)
        .exclude(reviewed_sentences(reviewer))
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )


def reviewers_with_work(*, article: Article) -> list:
    """Everyone with claims or marks in the article, for the staff's side-by-side view.

    Reads the article's own claims and marks (sentence-first indexes) for their reviewers,
    never a reviewer's whole history: the cost follows the article, not the people in it.
    """
    user_model = User
    claimed = Annotation.objects.filter(sentence__article=article).values("reviewer_id")
    marked = NoClaimMark.objects.filter(sentence__article=article).values("reviewer_id")
    return list(
        user_model.objects.filter(Q(pk__in=claimed) | Q(pk__in=marked)).order_by("username")
    )


def speaker_suggestions(*, article: Article, limit: int = 200) -> list[str]:
    """Speakers already named: this article's first, then the corpus's, most used first.

    Offered while a reviewer types a speaker, so that "Trump" and "Donald Trump" do not drift
    apart by accident.
    """
    rows = (
        Annotation.objects.exclude(attributed_to="")
        .values("attributed_to")
        .annotate(here=Count("id", filter=Q(sentence__article=article)), total=Count("id"))
        .order_by("-here", "-total", "attributed_to")[:limit]
    )
    return [row["attributed_to"] for row in rows]
