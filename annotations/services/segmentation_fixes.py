"""Staff corrections of sentence boundaries: split a sentence, merge it with the next one.

Claims keep exactly the characters they covered: their spans are recomputed against the new
sentences, and every change lands in the claims' history like any other edit. The gold of
the sentences changed is voided and worked out again (services.gold.gold_void). The database
checks the result at commit (sentence invariant, spans inside their sentence).
"""

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from annotations.graphemes import boundaries, cluster_at
from annotations.models import Annotation, NoClaimMark, Sentence, Suggestion
from annotations.services.gold import gold_void

# Positions are unique per article and checked row by row; moving a block of them goes via a
# range no real article reaches.
POSITION_SHIFT = 10_000_000


class SegmentationFixError(ValueError):
    """A split or merge that would break the article's sentences; the message says why."""


def sentence_split(*, sentence: Sentence, offset: int) -> tuple[Sentence, Sentence]:
    """Split ``sentence`` before character ``offset`` (relative to the sentence)."""
    text = sentence.text
    if not 0 < offset < len(text):
        raise SegmentationFixError(
            _("Choose a split point inside the sentence (1 to %(last)d).") % {"last": len(text) - 1}
        )
    if offset not in boundaries(text):
        raise SegmentationFixError(
            _("Character %(offset)d is inside “%(character)s”, which cannot be split.")
            % {"offset": offset, "character": cluster_at(text, offset)}
        )
    left_end = len(text[:offset].rstrip())
    right_start = len(text) - len(text[offset:].lstrip())
    if left_end == 0 or right_start == len(text):
        raise SegmentationFixError(_("Both parts of a split need some text."))
    with transaction.atomic():
        sentence = Sentence.objects.select_for_update().get(pk=sentence.pk)
        gold_void(sentence_ids=[sentence.pk])
        _shift_positions(sentence.article_id, after=sentence.position, by=1)
        # Shrink first: sentences may never overlap, not even inside the transaction.
        Sentence.objects.filter(pk=sentence.pk).update(
            end=sentence.start + left_end, text=text[:left_end]
        )
        second = Sentence.objects.create(
            article_id=sentence.article_id,
            position=sentence.position + 1,
            start=sentence.start + right_start,
            end=sentence.end,
            text=text[right_start:],
            paragraph=sentence.paragraph,
        )
        for claim in Annotation.objects.filter(sentence=sentence).order_by("id"):
            _split_claim(claim, left_end, right_start, second, len(text))
        for mark in NoClaimMark.objects.filter(sentence=sentence):
            NoClaimMark.objects.get_or_create(sentence=second, reviewer_id=mark.reviewer_id)
        _split_suggestions(sentence, left_end, right_start, second, len(text))
        _suggest_again(sentence.article_id)
    sentence.refresh_from_db()
    return sentence, second


def sentence_merge_with_next(*, sentence: Sentence) -> Sentence:
    """Join ``sentence`` and the one after it into one sentence."""
    with transaction.atomic():
        sentence = Sentence.objects.select_for_update().get(pk=sentence.pk)
        following = (
            Sentence.objects.select_for_update()
            .filter(article_id=sentence.article_id, position=sentence.position + 1)
            .first()
        )
        if following is None:
            raise SegmentationFixError(_("This is the last sentence: there is nothing to merge."))
        if following.paragraph != sentence.paragraph:
            raise SegmentationFixError(
                _("A paragraph break separates these sentences; they cannot be merged.")
            )
        gold_void(sentence_ids=[sentence.pk, following.pk])
        text = sentence.article.text[sentence.start : following.end]
        first_length = sentence.end - sentence.start
        shift = following.start - sentence.start
        for claim in Annotation.objects.filter(sentence=sentence, spans=[]):
            _update_claim(claim, spans=[[0, first_length]])
        for claim in Annotation.objects.filter(sentence=following).order_by("id"):
            spans = claim.spans or [[0, following.end - following.start]]
            _update_claim(
                claim, sentence=sentence, spans=[[s + shift, e + shift] for s, e in spans]
            )
        _merge_marks(sentence, following)
        _merge_suggestions(sentence, following, first_length, shift)
        following.delete()
        Sentence.objects.filter(pk=sentence.pk).update(end=following.end, text=text)
        _shift_positions(sentence.article_id, after=following.position, by=-1)
        _suggest_again(sentence.article_id)
    sentence.refresh_from_db()
    return sentence


def _split_claim(claim, left_end: int, right_start: int, second: Sentence, length: int) -> None:
    spans = claim.spans or [[0, length]]
    left = [[s, min(e, left_end)] for s, e in spans if s < left_end]
    right = [
        [max(s, right_start) - right_start, e - right_start] for s, e in spans if e > right_start
    ]
    left = [span for span in left if span[0] < span[1]]
    right = [span for span in right if span[0] < span[1]]
    whole = not claim.spans
    if not left and not right:
        # Only claims stored before spans had to show a character can lie in the removed space.
        raise SegmentationFixError(
            _("A claim covers only the space at this split point; change or delete it first.")
        )
    if left:
        _update_claim(claim, spans=[] if whole else left)
        if right:
            _copy_claim(claim, sentence=second, spans=[] if whole else right)
    else:
        _update_claim(claim, sentence=second, spans=right)


def _update_claim(claim: Annotation, **changes) -> None:
    # Even an unchanged whole-sentence claim is updated: its sentence's text changed, and the
    # database moves its revision and updated_at on (migration 0009) for the change feed.
    Annotation.objects.filter(pk=claim.pk).update(**changes)


def _copy_claim(claim: Annotation, **changes) -> None:
    Annotation.objects.create(
        sentence=changes["sentence"],
        spans=changes["spans"],
        reviewer_id=claim.reviewer_id,
        label_id=claim.label_id,
        attributed_to=claim.attributed_to,
        note=claim.note,
    )


def _merge_marks(sentence: Sentence, following: Sentence) -> None:
    """The merged sentence counts as reviewed "no claim" only if both parts were."""
    second = set(
        NoClaimMark.objects.filter(sentence=following).values_list("reviewer_id", flat=True)
    )
    NoClaimMark.objects.filter(sentence=sentence).exclude(reviewer_id__in=second).delete()
    NoClaimMark.objects.filter(sentence=following).delete()


def _decided(sentence: Sentence):
    """Suggestions on the sentence that a reviewer decided on or accepted: provenance, kept."""
    return (
        Suggestion.objects.filter(sentence=sentence)
        .filter(Q(decisions__isnull=False) | Q(claims__isnull=False))
        .distinct()
    )


def _split_suggestions(
    sentence: Sentence, left_end: int, right_start: int, second: Sentence, length: int
) -> None:
    """Undecided suggestions go (the workers suggest for the new sentences); decided ones keep
    the characters they covered, like claims."""
    kept = list(_decided(sentence))
    Suggestion.objects.filter(sentence=sentence).exclude(pk__in=[s.pk for s in kept]).delete()
    for suggestion in kept:
        spans = suggestion.spans or [[0, length]]
        left = [[s, min(e, left_end)] for s, e in spans if s < left_end and s < min(e, left_end)]
        right = [
            [max(s, right_start) - right_start, e - right_start]
            for s, e in spans
            if e > right_start and max(s, right_start) < e
        ]
        if left:
            Suggestion.objects.filter(pk=suggestion.pk).update(
                spans=[] if not suggestion.spans else left
            )
        elif right:
            Suggestion.objects.filter(pk=suggestion.pk).update(sentence=second, spans=right)


def _merge_suggestions(
    sentence: Sentence, following: Sentence, first_length: int, shift: int
) -> None:
    decided_following = list(_decided(following))
    Suggestion.objects.filter(sentence=following).exclude(
        pk__in=[s.pk for s in decided_following]
    ).delete()
    Suggestion.objects.filter(sentence=sentence, spans=[]).update(spans=[[0, first_length]])
    for suggestion in decided_following:
        spans = suggestion.spans or [[0, following.end - following.start]]
        Suggestion.objects.filter(pk=suggestion.pk).update(
            sentence=sentence, spans=[[s + shift, e + shift] for s, e in spans]
        )


def _suggest_again(article_id: int) -> None:
    from annotations.services.jobs import suggest_job_create

    suggest_job_create(article_ids=[article_id])


def _shift_positions(article_id: int, *, after: int, by: int) -> None:
    later = Sentence.objects.filter(article_id=article_id, position__gt=after)
    later.update(position=F("position") + POSITION_SHIFT)
    Sentence.objects.filter(article_id=article_id, position__gt=after + POSITION_SHIFT).update(
        position=F("position") - POSITION_SHIFT + by
    )
