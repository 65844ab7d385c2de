"""GET /api/agreement/: the figures of the agreement module over the database's reviews."""

import pytest

from annotations.agreement import krippendorff_alpha, masi_distance
from annotations.services import annotation_create, sentence_mark_no_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(sentences, reviewer, other_reviewer, labels):
    annotation_create(sentence=sentences[0], reviewer=reviewer, label=labels["opinion"])
    annotation_create(sentence=sentences[0], reviewer=other_reviewer, label=labels["opinion"])
    annotation_create(sentence=sentences[1], reviewer=reviewer, label=labels["quoted_fact"])
    sentence_mark_no_claim(sentence=sentences[1], reviewer=other_reviewer)
    sentence_mark_no_claim(sentence=sentences[2], reviewer=reviewer)


def test_agreement_reports_alpha_kappa_and_units(client_for, data_user, reviewed, article):
    response = client_for(data_user).get("/api/agreement/?bootstrap=200")
    assert response.status_code == 200
    data = response.json()
    assert data["units"] == 3
    assert data["pairable_units"] == 2
    expected = krippendorff_alpha(
        [[frozenset({"opinion"})] * 2, [frozenset({"quoted_fact"}), frozenset()]], masi_distance
    )
    assert data["overall"]["alpha"] == pytest.approx(expected)
    assert data["overall"]["units"] == 2
    assert "few_units" in {w["code"] for w in data["overall"]["warnings"]}
    (pair,) = data["pairs"]
    assert pair["reviewers"] == ["otto", "rita"]
    assert pair["units"] == 2
    assert [label["label"] for label in data["labels"]][:1] == list(data["label_names"])[:1]
    assert data["groups"][0]["article"] == article.pk
    assert data["groups"][0]["title"] == "Gipfel in Alaska"


def test_agreement_filters_by_article(client_for, data_user, reviewed, article):
    data = client_for(data_user).get(f"/api/agreement/?articles={article.pk}").json()
    assert data["units"] == 3
    assert data["filters"]["articles"] == [article.pk]


@pytest.mark.parametrize(
    "query",
    [
        "articles=abc",
        "articles=99999",
        "since=yesterday",
        "since=2030-01-01&until=2020-01-01",
        "bootstrap=-1",
        "bogus=1",
    ],
)
def test_bad_agreement_queries_are_refused(client_for, data_user, query):
    assert client_for(data_user).get(f"/api/agreement/?{query}").status_code == 400


def test_reviewers_do_not_read_agreement(client_for, reviewer):
    assert client_for(reviewer).get("/api/agreement/").status_code == 403


def test_curators_read_agreement(client_for, curator):
    assert client_for(curator).get("/api/agreement/").status_code == 200
