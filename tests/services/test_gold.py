"""Gold states: waiting, agreed, disputed, adjudicated and stale, and every move between them."""

import pytest

from annotations.models import GoldClaim, GoldPending, GoldSentence, GoldSentenceEvent
from annotations.services import (
    GoldClaimInput,
    GoldError,
    StaleDecision,
    annotation_create,
    annotation_delete,
    annotation_update,
    gold_decide,
    gold_refresh,
    gold_reopen,
    gold_settings_update,
    sentence_mark_no_claim,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def sentence(article):
    return article.sentences.get(position=0)  # "Am 15. August traf Trump Putin."


@pytest.fixture
def third_reviewer(django_user_model, password):
    return make_user(django_user_model, "theo", password, "Reviewer")


def gold_of(sentence) -> GoldSentence:
    gold_refresh()
    return GoldSentence.objects.get(sentence=sentence)


def claim(sentence, reviewer, label, spans=None, speaker=""):
    return annotation_create(
        sentence=sentence, reviewer=reviewer, label=label, spans=spans, attributed_to=speaker
    ).annotation


def test_a_sentence_with_one_review_is_waiting(sentence, reviewer, labels):
    claim(sentence, reviewer, labels["opinion"])
    gold = gold_of(sentence)
    assert gold.state == "waiting"
    assert gold.reviewers == 1
    assert not gold.claims.exists()


def test_unanimous_claims_become_gold_with_their_sources(
    sentence, reviewer, other_reviewer, labels
):
    first = claim(sentence, reviewer, labels["opinion"], [[19, 24]], "Trump")
    second = claim(sentence, other_reviewer, labels["opinion"], [[19, 24]], " trump ")
    gold = gold_of(sentence)
    assert gold.state == "agreed"
    assert gold.origin == "unanimous"
    assert gold.agreement == 1.0
    (only,) = gold.claims.all()
    assert (only.label.slug, only.spans, only.origin) == ("opinion", [[19, 24]], "unanimous")
    assert [s["annotation"] for s in only.sources] == [first.pk, second.pk]
    assert only.sources[0] == {"annotation": first.pk, "reviewer": reviewer.pk, "revision": 1}


def test_touching_ranges_are_the_same_characters(sentence, reviewer, other_reviewer, labels):
    claim(sentence, reviewer, labels["opinion"], [[0, 2], [2, 5]])
    claim(sentence, other_reviewer, labels["opinion"], [[0, 5]])
    assert gold_of(sentence).state == "agreed"


def test_unanimous_no_claim_is_gold_no_claim(sentence, reviewer, other_reviewer):
    sentence_mark_no_claim(sentence=sentence, reviewer=reviewer)
    sentence_mark_no_claim(sentence=sentence, reviewer=other_reviewer)
    gold = gold_of(sentence)
    assert (gold.state, gold.no_claim, gold.origin) == ("agreed", True, "unanimous")


def test_different_labels_are_disputed(sentence, reviewer, other_reviewer, labels):
    claim(sentence, reviewer, labels["opinion"])
    claim(sentence, other_reviewer, labels["quoted_fact"])
    gold = gold_of(sentence)
    assert gold.state == "disputed"
    assert gold.agreement == 0.0
    assert not gold.claims.exists()


def test_a_claim_against_no_claim_is_disputed(sentence, reviewer, other_reviewer, labels):
    claim(sentence, reviewer, labels["opinion"])
    sentence_mark_no_claim(sentence=sentence, reviewer=other_reviewer)
    assert gold_of(sentence).state == "disputed"


def test_majority_rule_takes_what_more_than_half_claimed(
    sentence, reviewer, other_reviewer, third_reviewer, labels
):
    gold_settings_update(reviewers_required=3, rule="majority", reviewers_see_gold=False)
    claim(sentence, reviewer, labels["opinion"])
    claim(sentence, other_reviewer, labels["opinion"])
    assert gold_of(sentence).state == "waiting"
    claim(sentence, third_reviewer, labels["quoted_fact"])
    gold = gold_of(sentence)
    assert (gold.state, gold.origin) == ("agreed", "majority")
    assert [(c.label.slug, c.origin, len(c.sources)) for c in gold.claims.all()] == [
        ("opinion", "majority", 2)
    ]


def test_a_tie_is_disputed_under_the_majority_rule(sentence, reviewer, other_reviewer, labels):
    gold_settings_update(reviewers_required=2, rule="majority", reviewers_see_gold=False)
    claim(sentence, reviewer, labels["opinion"])
    claim(sentence, other_reviewer, labels["quoted_fact"])
    assert gold_of(sentence).state == "disputed"


def test_changing_the_rule_recomputes_automatic_gold(
    sentence, reviewer, other_reviewer, third_reviewer, labels
):
    claim(sentence, reviewer, labels["opinion"])
    claim(sentence, other_reviewer, labels["opinion"])
    claim(sentence, third_reviewer, labels["quoted_fact"])
    assert gold_of(sentence).state == "disputed"
    gold_settings_update(reviewers_required=2, rule="majority", reviewers_see_gold=False)
    assert gold_of(sentence).state == "agreed"


def test_automatic_gold_follows_the_reviewers(sentence, reviewer, other_reviewer, labels):
    mine = claim(sentence, reviewer, labels["opinion"])
    claim(sentence, other_reviewer, labels["opinion"])
    assert gold_of(sentence).state == "agreed"
    annotation_update(annotation=mine, expected_revision=1, label=labels["quoted_fact"])
    gold = gold_of(sentence)
    assert gold.state == "disputed"
    assert not gold.claims.exists()


def test_a_curator_adjudicates_a_disputed_sentence(
    sentence, reviewer, other_reviewer, curator, labels
):
    mine = claim(sentence, reviewer, labels["opinion"])
    claim(sentence, other_reviewer, labels["quoted_fact"])
    gold = gold_of(sentence)
    decided = gold_decide(
        sentence=sentence,
        curator=curator,
        claims=[GoldClaimInput(label=labels["opinion"], spans=[])],
        rationale="  An evaluation, not a quote. ",
        error_category="label",
        expected_version=gold.version,
    )
    assert (decided.state, decided.origin) == ("adjudicated", "adjudicated")
    assert decided.curator == curator
    assert decided.rationale == "An evaluation, not a quote."
    (only,) = decided.claims.all()
    assert only.origin == "adjudicated"
    assert only.sources == [{"annotation": mine.pk, "reviewer": reviewer.pk, "revision": 1}]
    assert gold_of(sentence).state == "adjudicated"  # a refresh leaves it alone


def test_a_curators_own_claim_names_what_it_was_edited_from(
    sentence, reviewer, other_reviewer, curator, labels
):
    mine = claim(sentence, reviewer, labels["opinion"], [[0, 5]])
    claim(sentence, other_reviewer, labels["opinion"], [[0, 8]])
    decided = gold_decide(
        sentence=sentence,
        curator=curator,
        claims=[GoldClaimInput(label=labels["opinion"], spans=[[0, 6]], taken_from=[mine.pk])],
    )
    assert decided.origin == "curator"
    (only,) = decided.claims.all()
    assert (only.origin, [s["annotation"] for s in only.sources]) == ("curator", [mine.pk])


def test_a_reviewer_changing_a_claim_makes_the_decision_stale(
    sentence, reviewer, other_reviewer, curator, labels
):
    mine = claim(sentence, reviewer, labels["opinion"])
    claim(sentence, other_reviewer, labels["quoted_fact"])
    gold_refresh()
    gold_decide(sentence=sentence, curator=curator, claims=[GoldClaimInput(labels["opinion"])])
    annotation_update(annotation=mine, expected_revision=1, attributed_to="Putin")
    gold = gold_of(sentence)
    assert gold.state == "stale"
    # Nothing was rewritten: the curator's gold is still there, waiting for a second look.
    assert [c.label.slug for c in gold.claims.all()] == ["opinion"]
    assert gold.curator == curator


def test_deleting_a_source_claim_makes_the_decision_stale(
    sentence, reviewer, other_reviewer, curator, labels
):
    mine = claim(sentence, reviewer, labels["opinion"])
    claim(sentence, other_reviewer, labels["opinion"])
    gold_refresh()
    gold_decide(sentence=sentence, curator=curator, claims=[GoldClaimInput(labels["opinion"])])
    annotation_delete(annotation=mine)
    assert gold_of(sentence).state == "stale"


def test_deciding_again_clears_stale(sentence, reviewer, other_reviewer, curator, labels):
    mine = claim(sentence, reviewer, labels["opinion"])
    claim(sentence, other_reviewer, labels["quoted_fact"])
    gold_refresh()
    gold_decide(sentence=sentence, curator=curator, claims=[GoldClaimInput(labels["opinion"])])
    annotation_update(annotation=mine, expected_revision=1, label=labels["quoted_fact"])
    stale = gold_of(sentence)
    decided = gold_decide(
        sentence=sentence,
        curator=curator,
        claims=[GoldClaimInput(labels["quoted_fact"])],
        expected_version=stale.version,
    )
    assert decided.state == "adjudicated"
    assert gold_of(sentence).state == "adjudicated"


def test_a_decision_from_an_old_page_is_refused(sentence, reviewer, curator, labels):
    claim(sentence, reviewer, labels["opinion"])
    gold = gold_of(sentence)
    gold_decide(sentence=sentence, curator=curator, no_claim=True)
    with pytest.raises(StaleDecision):
        gold_decide(
            sentence=sentence,
            curator=curator,
            claims=[GoldClaimInput(labels["opinion"])],
            expected_version=gold.version,
        )
    assert GoldSentence.objects.get(sentence=sentence).no_claim


def test_a_decision_is_claims_or_no_claim(sentence, curator, labels):
    with pytest.raises(GoldError):
        gold_decide(sentence=sentence, curator=curator)
    with pytest.raises(GoldError):
        gold_decide(
            sentence=sentence,
            curator=curator,
            no_claim=True,
            claims=[GoldClaimInput(labels["opinion"])],
        )
    with pytest.raises(GoldError, match="outside the sentence"):
        gold_decide(
            sentence=sentence,
            curator=curator,
            claims=[GoldClaimInput(labels["opinion"], spans=[[0, 999]])],
        )
    assert not GoldClaim.objects.exists()


def test_reopening_returns_the_sentence_to_pre_merge(
    sentence, reviewer, other_reviewer, curator, labels
):
    claim(sentence, reviewer, labels["opinion"])
    claim(sentence, other_reviewer, labels["quoted_fact"])
    gold_refresh()
    gold_decide(sentence=sentence, curator=curator, claims=[GoldClaimInput(labels["opinion"])])
    gold = gold_reopen(sentence=sentence, curator=curator)
    assert (gold.state, gold.curator, gold.origin) == ("disputed", None, "")
    assert not gold.claims.exists()


def test_every_decision_is_in_the_history(sentence, reviewer, other_reviewer, curator, labels):
    claim(sentence, reviewer, labels["opinion"])
    claim(sentence, other_reviewer, labels["quoted_fact"])
    gold_refresh()
    gold_decide(sentence=sentence, curator=curator, claims=[GoldClaimInput(labels["opinion"])])
    gold_decide(sentence=sentence, curator=curator, no_claim=True, rationale="Nothing to check.")
    states = list(
        GoldSentenceEvent.objects.filter(sentence=sentence)
        .order_by("pgh_id")
        .values_list("state", "no_claim", "rationale")
    )
    assert states[-2:] == [("adjudicated", False, ""), ("adjudicated", True, "Nothing to check.")]


def test_any_write_path_queues_the_sentence(sentence, reviewer, labels):
    gold_refresh()
    assert not GoldPending.objects.exists()
    claim(sentence, reviewer, labels["opinion"])
    assert list(GoldPending.objects.values_list("sentence_id", flat=True)) == [sentence.pk]
    gold_refresh()
    assert not GoldPending.objects.exists()
