"""A claim and a "reviewed – no claim" mark sent at the same moment never both stay.

Each write runs in its own thread with its own database connection, released together, many
times over, so that every interleaving the scheduler offers gets tried.
"""

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation, NoClaimMark
from annotations.services import ClaimError, annotation_create, sentence_mark_no_claim
from tests.concurrent_writes import race

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 40


def both_stored(sentence, reviewer) -> bool:
    claimed = Annotation.objects.filter(sentence=sentence, reviewer=reviewer).exists()
    marked = NoClaimMark.objects.filter(sentence=sentence, reviewer=reviewer).exists()
    return claimed and marked


def reset(sentence, reviewer) -> None:
    Annotation.objects.filter(sentence=sentence, reviewer=reviewer).delete()
    NoClaimMark.objects.filter(sentence=sentence, reviewer=reviewer).delete()


def test_claim_and_no_claim_mark_racing_in_the_services_never_both_commit(
    article, reviewer, labels
):
    sentence = article.sentences.get(position=0)
    outcomes = set()
    for _ in range(TRIES):
        reset(sentence, reviewer)
        claim, mark = race(
            lambda: annotation_create(
                sentence=sentence, reviewer=reviewer, label=labels["opinion"]
            ),
            lambda: sentence_mark_no_claim(sentence=sentence, reviewer=reviewer),
        )
        assert not isinstance(claim, Exception), claim
        assert mark is None or isinstance(mark, (NoClaimMark, ClaimError)), repr(mark)
        assert not both_stored(sentence, reviewer)
        assert Annotation.objects.filter(sentence=sentence, reviewer=reviewer).exists()
        outcomes.add(type(mark).__name__)
    # Whichever came first, the claim stays: a mark is either refused or cleared by the claim.
    assert outcomes <= {"NoClaimMark", "ClaimError"}


def test_claim_and_no_claim_mark_racing_over_http_answer_with_reasons_never_500(article, reviewer):
    sentence = article.sentences.get(position=1)
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(reviewer)
        clients.append(client)
    headers = {"HX-Request": "true"}
    claim_url = reverse("claim_create", args=[sentence.pk])
    mark_url = reverse("no_claim_mark", args=[sentence.pk])
    for _ in range(TRIES // 2):
        reset(sentence, reviewer)
        claim, mark = race(
            lambda: clients[0].post(claim_url, {"label": "opinion"}, headers=headers),
            lambda: clients[1].post(mark_url, headers=headers),
        )
        assert claim.status_code == 200
        assert mark.status_code in (200, 422)
        if mark.status_code == 422:
            assert "delete them before marking" in mark.content.decode()
        assert not both_stored(sentence, reviewer)
