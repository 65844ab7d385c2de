"""Staff splits and merges: offsets in code points, never inside a character; every claim they
touch moves its revision and updated_at on, for the API's ETags and the change feed."""

import pytest

from annotations.importing import ArticleData
from annotations.models import Annotation, Label
from annotations.services import annotation_create, article_import
from annotations.services.segmentation_fixes import (
    SegmentationFixError,
    sentence_merge_with_next,
    sentence_split,
)

pytestmark = pytest.mark.django_db

TEXT = "😀😀😀 🇩🇪 Merkel sagte Nein und Scholz sagte Ja."


@pytest.fixture
def sentence(admin_user):
    data = ArticleData(text=TEXT, title="Emoji", language="de")
    return article_import(data=data, imported_by=admin_user).article.sentences.get()


def test_split_offsets_are_code_points_after_emoji(sentence, reviewer, labels):
    scholz = TEXT.index("Scholz")
    claim = annotation_create(
        sentence=sentence,
        reviewer=reviewer,
        label=labels["opinion"],
        spans=[[scholz, scholz + 6]],
    ).annotation
    first, second = sentence_split(sentence=sentence, offset=TEXT.index("und"))
    assert first.text == "😀😀😀 🇩🇪 Merkel sagte Nein"
    assert second.text == "und Scholz sagte Ja."
    claim.refresh_from_db()
    assert claim.sentence == second
    assert claim.span_texts == ["Scholz"]
    assert claim.revision == 2


def test_split_inside_a_flag_is_refused_with_the_character(sentence):
    flag = TEXT.index("🇩🇪")
    with pytest.raises(SegmentationFixError, match="inside “🇩🇪”"):
        sentence_split(sentence=sentence, offset=flag + 1)


def test_split_and_merge_move_every_touched_claim_on(sentence, reviewer, labels):
    whole = annotation_create(
        sentence=sentence, reviewer=reviewer, label=labels["quoted_fact"]
    ).annotation
    before = (whole.revision, whole.updated_at)
    first, _second = sentence_split(sentence=sentence, offset=TEXT.index("und"))
    whole.refresh_from_db()
    assert whole.revision == before[0] + 1 and whole.updated_at >= before[1]
    merged = sentence_merge_with_next(sentence=first)
    assert merged.text == TEXT
    # The claim and its copy from the split each keep the words they covered.
    texts = sorted(claim.span_texts for claim in Annotation.objects.filter(sentence=merged))
    assert texts == [["und Scholz sagte Ja."], ["😀😀😀 🇩🇪 Merkel sagte Nein"]]


def test_a_split_voids_the_curators_gold_and_pre_merge_decides_again(
    sentence, reviewer, curator, labels
):
    from annotations.models import GoldSentence, GoldSentenceEvent
    from annotations.services import GoldClaimInput, gold_decide, gold_refresh

    scholz = TEXT.index("Scholz")
    gold_decide(
        sentence=sentence,
        curator=curator,
        claims=[GoldClaimInput(label=labels["opinion"], spans=[[scholz, scholz + 6]])],
    )
    annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
    first, second = sentence_split(sentence=sentence, offset=TEXT.index("und"))
    # The decision named characters of the old text: it is gone, and kept in the history.
    assert not GoldSentence.objects.filter(sentence=first, curator__isnull=False).exists()
    assert GoldSentenceEvent.objects.filter(pgh_label="delete", sentence_id=first.pk).exists()
    gold_refresh()
    assert {g.sentence_id: g.state for g in GoldSentence.objects.all()} == {
        first.pk: "waiting",
        second.pk: "waiting",
    }


def test_merging_into_a_sentence_with_gold_works_and_voids_both(admin_user, curator):
    from annotations.models import GoldSentence
    from annotations.services import gold_decide

    data = ArticleData(text="Erster Satz hier. Zweiter Satz dort.", title="Zwei", language="de")
    first, second = article_import(data=data, imported_by=admin_user).article.sentences.order_by(
        "position"
    )
    for sentence in (first, second):
        gold_decide(sentence=sentence, curator=curator, no_claim=True)
    merged = sentence_merge_with_next(sentence=first)
    assert merged.text == "Erster Satz hier. Zweiter Satz dort."
    assert not GoldSentence.objects.exists()


def test_merging_and_splitting_keep_decided_suggestions_and_drop_the_others(article, reviewer):
    from annotations.models import Suggestion
    from annotations.services.suggestions import suggestion_reject

    first, second = article.sentences.order_by("position")[:2]
    label = Label.objects.get(slug="quoted_fact")

    def suggest(sentence, spans):
        return Suggestion.objects.create(
            sentence=sentence,
            label=label,
            spans=spans,
            reason="r",
            score=0.5,
            source="t",
            version="1",
        )

    decided = suggest(second, [[0, 2]])
    suggest(second, [[3, 6]])
    suggestion_reject(suggestion=decided, reviewer=reviewer)
    merged = sentence_merge_with_next(sentence=first)
    decided.refresh_from_db()
    assert decided.sentence == merged
    assert merged.text[decided.spans[0][0] : decided.spans[0][1]] == second.text[0:2]
    assert list(Suggestion.objects.values_list("pk", flat=True)) == [decided.pk]

    offset = decided.spans[0][0]
    _left, right = sentence_split(sentence=merged, offset=offset)
    decided.refresh_from_db()
    assert decided.sentence == right and decided.spans == [[0, 2]]
