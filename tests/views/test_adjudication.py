"""The curators' pages: queue, adjudication workspace, decisions by form and by htmx, settings."""

import json

import pytest
from django.urls import reverse

from annotations import services
from annotations.importing import ArticleData
from annotations.models import GoldSentence, GoldSettings
from annotations.services import (
    annotation_create,
    article_import,
    gold_refresh,
    sentence_mark_no_claim,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def sentences(article):
    return list(article.sentences.order_by("position"))


@pytest.fixture
def disputed(sentences, reviewer, other_reviewer, labels):
    """Sentence 1: Rita says opinion on »Trump«, Otto a quoted fact on the whole sentence."""
    rita = annotation_create(
        sentence=sentences[0], reviewer=reviewer, label=labels["opinion"], spans=[[19, 24]]
    ).annotation
    otto = annotation_create(
        sentence=sentences[0], reviewer=other_reviewer, label=labels["quoted_fact"]
    ).annotation
    sentence_mark_no_claim(sentence=sentences[1], reviewer=reviewer)
    sentence_mark_no_claim(sentence=sentences[1], reviewer=other_reviewer)
    return {"rita": rita, "otto": otto}


@pytest.fixture
def curating(client, curator):
    client.force_login(curator)
    return client


def gold(sentence) -> GoldSentence:
    gold_refresh()
    return GoldSentence.objects.get(sentence=sentence)


def decide(client, sentence, htmx=False, **data):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("adjudication_decide", args=[sentence.pk]), data, **headers)


def test_the_queue_lists_disputed_sentences_lowest_agreement_first(curating, disputed, sentences):
    response = curating.get(reverse("adjudication_queue"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Am 15. August traf Trump Putin." in text
    assert "Es gab keine Erklärung." not in text  # agreed: both said "no claim"


def test_the_queue_filters_by_label_and_reviewer(curating, disputed, labels):
    assert "Trump Putin" in curating.get("/adjudication/?label=opinion").content.decode()
    assert (
        "Trump Putin" not in curating.get("/adjudication/?label=editorial_framing").content.decode()
    )
    assert "Trump Putin" in curating.get("/adjudication/?reviewer=rita").content.decode()


def test_the_queue_filters_by_article_and_leaves_out_other_reviewers_sentences(
    curating, disputed, article, admin_user, django_user_model, password
):
    other = article_import(
        data=ArticleData(text="Ein anderer Satz."), imported_by=admin_user
    ).article
    assert "Trump Putin" in curating.get(f"/adjudication/?article={article.pk}").content.decode()
    assert "Trump Putin" not in curating.get(f"/adjudication/?article={other.pk}").content.decode()
    make_user(django_user_model, "theo", password, "Reviewer")
    assert "Trump Putin" not in curating.get("/adjudication/?reviewer=theo").content.decode()


def test_the_workspace_shows_every_reviewer_and_the_differing_characters(
    curating, disputed, article, django_assert_max_num_queries
):
    gold_refresh()
    with django_assert_max_num_queries(20):
        response = curating.get(reverse("adjudication_article", args=[article.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "rita" in text and "otto" in text
    assert 'class="claimed differs"' in text or 'class="claimed differs"' in text.replace("  ", " ")
    assert 'value="take_reviewer:' in text


def test_names_can_be_hidden(curating, disputed, article):
    url = reverse("adjudication_article", args=[article.pk])
    text = curating.get(url + "?hide_names=1").content.decode()
    assert "Reviewer 1" in text and "Reviewer 2" in text
    assert "rita" not in text.split('id="adj-list"')[1]
    assert "rita" in curating.get(url + "?hide_names=0").content.decode()


def test_taking_a_reviewers_claims_by_plain_form(curating, disputed, sentences, reviewer):
    version = gold(sentences[0]).version
    response = decide(
        curating,
        sentences[0],
        action=f"take_reviewer:{reviewer.pk}",
        version=version,
        rationale="Eine Wertung.",
        error_category="label",
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#adj-{sentences[0].pk}")
    decided = gold(sentences[0])
    assert (decided.state, decided.rationale, decided.error_category) == (
        "adjudicated",
        "Eine Wertung.",
        "label",
    )
    assert [(c.label.slug, c.spans) for c in decided.claims.all()] == [("opinion", [[19, 24]])]


def test_htmx_gets_the_sentence_partial_and_a_decided_event(curating, disputed, sentences):
    response = decide(curating, sentences[0], htmx=True, action="no_claim", version=1)
    assert response.status_code == 200
    assert "gold-decided" in json.loads(response["HX-Trigger"])
    text = response.content.decode()
    assert text.lstrip().startswith("<article")
    assert f'id="adj-{sentences[0].pk}"' in text
    assert gold(sentences[0]).no_claim


def test_adding_a_curators_own_claim_with_spans(curating, disputed, sentences, labels):
    response = decide(
        curating,
        sentences[0],
        htmx=True,
        action="add",
        label=labels["opinion"].pk,
        spans="19-24, 25-30",
        attributed_to="Redaktion",
        version=gold(sentences[0]).version,
    )
    assert response.status_code == 200
    (claim,) = gold(sentences[0]).claims.all()
    assert (claim.spans, claim.origin, claim.attributed_to) == (
        [[19, 24], [25, 30]],
        "curator",
        "Redaktion",
    )


def test_editing_a_gold_claim_replaces_it_and_keeps_where_it_came_from(
    curating, disputed, sentences, labels
):
    otto = disputed["otto"]
    decide(curating, sentences[0], action=f"take_reviewer:{otto.reviewer_id}")
    (taken,) = gold(sentences[0]).claims.all()
    # The editor offers the gold claim with what it holds, for the page's script to fill in.
    url = reverse("adjudication_article", args=[sentences[0].article_id])
    page = curating.get(url + "?all=1")
    html = page.content.decode()
    assert f'<option value="{taken.pk}" data-label="{labels["quoted_fact"].pk}"' in html
    assert f'data-edit-gold="{taken.pk}"' in html
    response = decide(
        curating,
        sentences[0],
        action="add",
        gold_claim=taken.pk,
        label=labels["quoted_fact"].pk,
        spans="19-30",
        attributed_to="Trump",
        version=gold(sentences[0]).version,
    )
    assert response.status_code == 302
    (edited,) = gold(sentences[0]).claims.all()
    assert (edited.spans, edited.attributed_to, edited.origin) == ([[19, 30]], "Trump", "curator")
    assert [s["annotation"] for s in edited.sources] == [otto.pk]


def test_editing_a_gold_claim_that_is_gone_is_refused(curating, disputed, sentences, labels):
    decide(curating, sentences[0], action=f"take_reviewer:{disputed['otto'].reviewer_id}")
    (taken,) = gold(sentences[0]).claims.all()
    response = decide(
        curating,
        sentences[0],
        htmx=True,
        action="add",
        gold_claim=taken.pk + 1000,
        label=labels["opinion"].pk,
        spans="",
    )
    assert response.status_code == 422
    assert "no longer exists" in response.content.decode()
    assert list(gold(sentences[0]).claims.all()) == [taken]


def test_a_stale_page_gets_409_and_changes_nothing(curating, disputed, sentences):
    old = gold(sentences[0]).version
    decide(curating, sentences[0], action="no_claim", version=old)
    response = decide(curating, sentences[0], htmx=True, action="proposal", version=old)
    assert response.status_code == 409
    assert "in the meantime" in response.content.decode()
    assert gold(sentences[0]).no_claim


@pytest.mark.parametrize(
    "data",
    [
        {"action": "explode"},
        {"action": "take_reviewer:abc"},
        {"action": "add", "spans": "19-24"},
        {"action": "add", "label": "1", "spans": "nonsense"},
        {"action": "add", "label": "1", "spans": "0-999"},
        {"action": "remove:999999"},
        {"action": "proposal"},
    ],
)
def test_bad_decisions_are_refused_with_a_reason(curating, disputed, sentences, data):
    response = decide(curating, sentences[0], htmx=True, **data)
    assert response.status_code == 422
    assert 'class="form-error"' in response.content.decode()
    assert gold(sentences[0]).state == "disputed"


def test_reviewers_and_data_users_cannot_adjudicate(
    client, reviewer, data_user, disputed, sentences
):
    for person in (reviewer, data_user):
        client.force_login(person)
        assert client.get(reverse("adjudication_queue")).status_code == 403
        assert decide(client, sentences[0], action="no_claim").status_code == 403
    assert gold(sentences[0]).state == "disputed"


def test_admins_change_pre_merge_settings(client, admin_user, disputed, sentences):
    client.force_login(admin_user)
    response = client.post(
        reverse("gold_settings"), {"reviewers_required": "3", "rule": "majority"}
    )
    assert response.status_code == 302
    row = GoldSettings.load()
    assert (row.reviewers_required, row.rule, row.reviewers_see_gold) == (3, "majority", False)
    assert gold(sentences[0]).state == "waiting"
    bad = client.post(reverse("gold_settings"), {"reviewers_required": "0", "rule": "majority"})
    assert bad.status_code == 422


def test_curators_cannot_change_settings(curating):
    assert curating.get(reverse("gold_settings")).status_code == 403


def test_a_curator_lands_on_the_queue(curating):
    response = curating.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("adjudication_queue")


def test_reviewers_see_gold_only_when_admins_allow_it(
    client, reviewer, curator, disputed, sentences, article
):
    client.force_login(curator)
    decide(client, sentences[0], action="take_reviewer:" + str(disputed["otto"].reviewer_id))
    client.force_login(reviewer)
    url = reverse("article_gold", args=[article.pk])
    assert client.get(url).status_code == 403
    row = GoldSettings.load()
    row.reviewers_see_gold = True
    row.save()
    text = client.get(url).content.decode()
    assert "✗" in text  # Rita said opinion; gold is Otto's quoted fact
    assert "✓" in text  # both said "no claim" on the second sentence


def test_reviewers_find_the_gold_from_their_workspace_only_when_allowed(
    client, reviewer, disputed, article
):
    client.force_login(reviewer)
    workspace = reverse("article_detail", args=[article.pk])
    gold_page = reverse("article_gold", args=[article.pk])
    assert gold_page not in client.get(workspace).content.decode()
    row = GoldSettings.load()
    row.reviewers_see_gold = True
    row.save()
    assert f'href="{gold_page}"' in client.get(workspace).content.decode()


def test_reviewers_see_no_gold_of_sentences_they_have_not_reviewed(
    client, django_user_model, password, curator, disputed, sentences, article, labels
):
    # Theo is assigned late: the first sentence is already decided, the second agreed by two.
    client.force_login(curator)
    decide(client, sentences[0], action="take_reviewer:" + str(disputed["otto"].reviewer_id))
    row = GoldSettings.load()
    row.reviewers_see_gold = True
    row.save()
    theo = make_user(django_user_model, "theo", password, "Reviewer")
    services.assignment_create(article=article, reviewer=theo, actor=None)
    client.force_login(theo)
    url = reverse("article_gold", args=[article.pk])
    text = client.get(url).content.decode()
    assert sentences[0].text not in text
    assert "gold-compare" not in text
    assert 'id="gold-withheld"' in text
    assert "2 sentences" in text
    # Once Theo has judged the sentence on his own, its gold is there to learn from.
    annotation_create(sentence=sentences[0], reviewer=theo, label=labels["opinion"])
    text = client.get(url).content.decode()
    assert sentences[0].text in text
    assert "✗" in text
    assert "1 sentence " in text


def test_agreement_page_renders_svg_charts(curating, disputed):
    response = curating.get(reverse("agreement"))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("<svg") >= 2
    assert "<script" not in text.split("<main")[1].split("</main>")[0]
    assert "few sentences" in text
    assert "only 2 sentences judged by two or more reviewers" in text


def test_agreement_page_explains_its_caveats_in_the_readers_language(curating, disputed):
    html = curating.get(reverse("agreement"), headers={"Accept-Language": "de"}).content.decode()
    assert "wenige Sätze" in html
    assert "Alle Labels: nur 2 Sätze von zwei oder mehr Prüfenden beurteilt" in html
    assert "wenige überlappende Sätze" in html  # Rita and Otto share 2 sentences, not 30
    assert "few_units" not in html and "judged by two or more" not in html


def test_agreement_page_rejects_bad_filters_without_error(curating, disputed):
    response = curating.get(reverse("agreement") + "?since=2030-01-01&until=2020-01-01")
    assert response.status_code == 200
    assert 'class="form-error"' in response.content.decode()
