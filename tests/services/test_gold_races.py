"""Curators deciding the same sentence at once, in separate connections: one decision wins."""

import threading

import pytest
from django.db import connection

from annotations.models import GoldSentence, GoldSentenceEvent
from annotations.services import (
    GoldClaimInput,
    StaleDecision,
    annotation_create,
    gold_decide,
    gold_refresh,
)

pytestmark = pytest.mark.django_db(transaction=True)


def race(sentence, version: int, deciders) -> list[str]:
    """Each (person, label) decides the sentence from a page at ``version``, all at once."""
    barrier = threading.Barrier(len(deciders))
    outcomes: list[str] = []

    def decide(person, label):
        try:
            barrier.wait()
            gold_decide(
                sentence=sentence,
                curator=person,
                claims=[GoldClaimInput(label)],
                expected_version=version,
            )
            outcomes.append("saved")
        except StaleDecision:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=pair) for pair in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_curators_deciding_from_the_same_page_one_wins(
    article, reviewer, other_reviewer, curator, admin_user, labels
):
    sentence = article.sentences.get(position=0)
    annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
    annotation_create(sentence=sentence, reviewer=other_reviewer, label=labels["quoted_fact"])
    gold_refresh()
    for _round in range(5):
        version = GoldSentence.objects.get(sentence=sentence).version
        outcomes = race(
            sentence, version, [(curator, labels["opinion"]), (admin_user, labels["quoted_fact"])]
        )
        assert sorted(outcomes) == ["saved", "stale"]
        gold = GoldSentence.objects.get(sentence=sentence)
        assert gold.version == version + 1
        assert gold.claims.count() == 1
    assert GoldSentenceEvent.objects.filter(sentence=sentence, state="adjudicated").count() == 5


def test_a_claim_changed_while_a_curator_decides_leaves_the_decision_stale(
    article, reviewer, other_reviewer, curator, labels
):
    from annotations.services import annotation_update

    sentence = article.sentences.get(position=0)
    mine = annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
    annotation_create(sentence=sentence, reviewer=other_reviewer, label=labels["quoted_fact"])
    gold_refresh()
    barrier = threading.Barrier(2)

    def decide():
        barrier.wait()
        gold_decide(sentence=sentence, curator=curator, claims=[GoldClaimInput(labels["opinion"])])
        connection.close()

    def change():
        barrier.wait()
        annotation_update(annotation=mine.annotation, expected_revision=1, attributed_to="X")
        connection.close()

    threads = [threading.Thread(target=decide), threading.Thread(target=change)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    gold_refresh()
    gold = GoldSentence.objects.get(sentence=sentence)
    mine.annotation.refresh_from_db()
    seen = dict(map(tuple, gold.basis["claims"]))
    # Either the decision saw the change (basis has revision 2) or it is stale now.
    assert gold.state == ("adjudicated" if seen[mine.annotation.pk] == 2 else "stale")
