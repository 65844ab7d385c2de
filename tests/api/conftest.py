"""API fixtures: clients that authenticate as each persona, and claims made through the services."""

import pytest
from rest_framework.test import APIClient

from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)


@pytest.fixture
def token_for(admin_user):
    """A function giving a fresh API token key for a user, made through the token service."""
    from annotations.services import token_create

    def make(user) -> str:
        return token_create(user=user, name="tests", actor=admin_user).key

    return make


@pytest.fixture
def client_for(token_for):
    """A function giving an APIClient that sends ``user``'s token."""

    def make(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        return client

    return make


@pytest.fixture
def sentences(article):
    """The article's three sentences in reading order."""
    return list(article.sentences.order_by("position"))


@pytest.fixture
def rita_claim(sentences, reviewer, labels):
    """Rita's discontinuous claim on the first sentence: »Am« … »Trump«."""
    from annotations.services import annotation_create

    return annotation_create(
        sentence=sentences[0],
        reviewer=reviewer,
        label=labels["editorial_framing"],
        spans=[[0, 2], [19, 24]],
        note='Wortwahl, "rahmend";\nzweite Zeile',
    ).annotation


@pytest.fixture
def otto_claim(sentences, other_reviewer, labels):
    """Otto's claim on the whole second sentence, with a speaker."""
    from annotations.services import annotation_create

    return annotation_create(
        sentence=sentences[1],
        reviewer=other_reviewer,
        label=labels["quoted_fact"],
        attributed_to="Wladimir Putin",
    ).annotation


@pytest.fixture
def otto_no_claim(sentences, other_reviewer):
    """Otto looked at the third sentence and found nothing."""
    from annotations.services import sentence_mark_no_claim

    return sentence_mark_no_claim(sentence=sentences[2], reviewer=other_reviewer)
