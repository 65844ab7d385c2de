"""GET /api/agreement/: the figures of the agreement module over the database's reviews."""

import datetime
import time
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.agreement import krippendorff_alpha, masi_distance
from annotations.importing import ArticleData
from annotations.models import Annotation
from annotations.services import (
    annotation_create,
    annotation_update,
    article_import,
    sentence_mark_no_claim,
)

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


@pytest.fixture
def second_article(reviewed, reviewer, other_reviewer, labels, admin_user):
    """Another article, reviewed by both after the first: (article, a moment in between)."""
    time.sleep(0.01)
    between = timezone.now()
    time.sleep(0.01)
    other = article_import(
        data=ArticleData(text="Ein anderer Satz steht hier. Noch einer."), imported_by=admin_user
    ).article
    first, second = other.sentences.order_by("position")
    annotation_create(sentence=first, reviewer=reviewer, label=labels["opinion"])
    annotation_create(sentence=first, reviewer=other_reviewer, label=labels["opinion"])
    sentence_mark_no_claim(sentence=second, reviewer=reviewer)
    return other, between


def test_agreement_counts_only_the_articles_asked_for(
    client_for, data_user, article, second_article
):
    other, _between = second_article
    client = client_for(data_user)
    assert client.get("/api/agreement/?bootstrap=0").json()["units"] == 5
    only_other = client.get(f"/api/agreement/?bootstrap=0&articles={other.pk}").json()
    assert (only_other["units"], only_other["pairable_units"]) == (2, 1)
    assert [g["article"] for g in only_other["groups"]] == [other.pk]
    both = client.get(f"/api/agreement/?bootstrap=0&articles={article.pk},{other.pk}")
    assert both.json()["units"] == 5


def test_agreement_counts_only_reviews_last_changed_in_the_time_asked_for(
    client_for, data_user, article, second_article
):
    other, between = second_article
    client = client_for(data_user)
    moment = quote(between.isoformat())
    later = client.get(f"/api/agreement/?bootstrap=0&since={moment}").json()
    assert (later["units"], later["pairable_units"]) == (2, 1)
    assert [g["article"] for g in later["groups"]] == [other.pk]
    earlier = client.get(f"/api/agreement/?bootstrap=0&until={moment}").json()
    assert (earlier["units"], earlier["pairable_units"]) == (3, 2)
    assert [g["article"] for g in earlier["groups"]] == [article.pk]
    # A reviewer changing a claim later moves that review into the later window.
    claim = Annotation.objects.filter(sentence__article=article).earliest("id")
    annotation_update(annotation=claim, expected_revision=None, attributed_to="Redaktion")
    assert client.get(f"/api/agreement/?bootstrap=0&since={moment}").json()["units"] == 3


def test_agreement_page_filters_by_a_set_of_articles_and_by_days(
    client, curator, article, second_article
):
    other, _between = second_article
    client.force_login(curator)
    url = reverse("agreement")
    html = client.get(url, {"articles": [other.pk]}).content.decode()
    assert "2 sentences reviewed, 1 of them by two or more" in html
    html = client.get(url, {"articles": [article.pk, other.pk]}).content.decode()
    assert "5 sentences reviewed, 3 of them by two or more" in html
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).date().isoformat()
    html = client.get(url, {"since": tomorrow}).content.decode()
    assert "0 sentences reviewed" in html
    html = client.get(url, {"until": tomorrow, "articles": [article.pk]}).content.decode()
    assert "3 sentences reviewed" in html
