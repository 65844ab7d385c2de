"""Suggestions in the workspace over HTTP: shown apart from claims, accepted (as they are or
edited) and rejected with and without htmx, hidden by label switches."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from annotations import services
from annotations.importing import ArticleData
from annotations.models import Annotation, Label, SuggestionDecision
from annotations.selectors.workspace import article_progress
from annotations.services.suggestions import suggestions_compute
from tests.suggestion_fakes import QuoteSource

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
TEXT = "Merz sagte: »Wir schaffen das.« Dann ging er.\n\nNiemand widersprach."


@pytest.fixture
def quoted(admin_user):
    article = services.article_import(
        data=ArticleData(text=TEXT, title="Zitat", language="de"), imported_by=admin_user
    ).article
    suggestions_compute(article_ids=[article.pk], sources=[QuoteSource()])
    return article


@pytest.fixture
def suggestion(quoted):
    return quoted.sentences.get(position=0).suggestions.get()


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def page(client, article) -> str:
    return client.get(reverse("article_detail", args=[article.pk])).content.decode()


def test_a_suggestion_shows_dashed_with_its_reason_source_and_keys(reviewer_client, quoted):
    html = page(reviewer_client, quoted)
    assert 'class="suggestions"' in html and "Suggested" in html
    assert 'class="suggested"' in html  # the words in the sentence, outlined
    assert "Zitat in »…«" in html and "fake 1" in html
    assert 'data-shortcut="a"' in html and 'data-shortcut="x"' in html


def test_a_suggestion_counts_as_no_review_and_no_claim(reviewer_client, quoted, reviewer):
    page(reviewer_client, quoted)
    assert article_progress(article=quoted, viewer=reviewer).reviewed == 0
    assert not Annotation.objects.exists()


def test_accepting_with_htmx_answers_with_the_sentence_now_holding_the_claim(
    reviewer_client, suggestion, reviewer
):
    response = reviewer_client.post(
        reverse("suggestion_accept", args=[suggestion.pk]), headers=HTMX
    )
    html = response.content.decode()
    claim = Annotation.objects.get()
    assert (claim.reviewer, claim.suggestion) == (reviewer, suggestion)
    assert f'id="claim-{claim.pk}"' in html
    assert f'id="suggestion-{suggestion.pk}"' not in html
    assert "1 / 3 reviewed" in html


def test_accepting_by_plain_form_redirects_to_the_sentence(reviewer_client, suggestion):
    response = reviewer_client.post(reverse("suggestion_accept", args=[suggestion.pk]))
    assert response.status_code == 302 and "focus=0" in response["Location"]
    assert Annotation.objects.get().suggestion == suggestion


def test_accepting_edited_stores_the_edit(reviewer_client, suggestion):
    reviewer_client.post(
        reverse("suggestion_accept", args=[suggestion.pk]),
        {"edited": "on", "label": "opinion", "attributed_to": "Merz", "note": "n"},
        headers=HTMX,
    )
    claim = Annotation.objects.get()
    assert (claim.label.slug, claim.attributed_to, claim.note) == ("opinion", "Merz", "n")


def test_accepting_edited_with_an_unknown_label_is_a_form_error(reviewer_client, suggestion):
    response = reviewer_client.post(
        reverse("suggestion_accept", args=[suggestion.pk]),
        {"edited": "on", "label": "nope"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert not Annotation.objects.exists()


def test_rejecting_hides_it_for_that_reviewer_only(
    reviewer_client, client, suggestion, quoted, other_reviewer
):
    response = reviewer_client.post(
        reverse("suggestion_reject", args=[suggestion.pk]), headers=HTMX
    )
    assert f'id="suggestion-{suggestion.pk}"' not in response.content.decode()
    assert SuggestionDecision.objects.get().verdict == "rejected"
    assert not Annotation.objects.exists()
    client.force_login(other_reviewer)
    assert f'id="suggestion-{suggestion.pk}"' in page(client, quoted)


def test_undoing_an_accept_brings_the_suggestion_back(reviewer_client, suggestion, quoted):
    reviewer_client.post(reverse("suggestion_accept", args=[suggestion.pk]), headers=HTMX)
    reviewer_client.post(reverse("workspace_undo", args=[quoted.pk]), headers=HTMX)
    assert not Annotation.objects.exists()
    assert f'id="suggestion-{suggestion.pk}"' in page(reviewer_client, quoted)


def test_a_label_with_suggestions_off_shows_none_and_refuses_accepting(
    reviewer_client, suggestion, quoted
):
    Label.objects.filter(slug="quoted_fact").update(suggestions_enabled=False)
    assert f'id="suggestion-{suggestion.pk}"' not in page(reviewer_client, quoted)
    response = reviewer_client.post(reverse("suggestion_accept", args=[suggestion.pk]))
    assert response.status_code == 404


def test_anchoring_keeps_suggestions_hidden_until_the_reviewer_judged_the_sentence(
    reviewer_client, suggestion, quoted, reviewer
):
    Label.objects.filter(slug="quoted_fact").update(suggestions_after_review=True)
    assert f'id="suggestion-{suggestion.pk}"' not in page(reviewer_client, quoted)
    services.sentence_mark_no_claim(sentence=suggestion.sentence, reviewer=reviewer)
    assert f'id="suggestion-{suggestion.pk}"' in page(reviewer_client, quoted)


def test_outsiders_cannot_accept(client, outsider, suggestion):
    client.force_login(outsider)
    response = client.post(reverse("suggestion_accept", args=[suggestion.pk]))
    assert response.status_code == 403
    assert not Annotation.objects.exists()


def test_agreement_page_shows_each_sources_precision_recall_and_acceptance(
    client, admin_user, suggestion, reviewer
):
    from annotations.services.suggestions import suggestion_accept

    suggestion_accept(suggestion=suggestion, reviewer=reviewer)
    client.force_login(admin_user)
    html = client.get(reverse("agreement")).content.decode()
    assert "how far to trust each source" in html
    assert '<th scope="row">fake</th>' in html
    assert "1.000" in html  # precision and recall against the reviewer's (accepted) claim
    assert "1.00 (1)" in html  # acceptance rate


def test_the_rule_suggesters_reason_reads_in_the_reviewers_language(reviewer_client, admin_user):
    from annotations.suggesters.rules import RuleSuggester

    article = services.article_import(
        data=ArticleData(text="Trump habe zugesagt, die Hilfe fortzusetzen.", language="de"),
        imported_by=admin_user,
    ).article
    suggestions_compute(article_ids=[article.pk], sources=[RuleSuggester()])
    reason = article.sentences.get().suggestions.get().reason
    assert reason.startswith("Konjunktiv I: ")
    url = reverse("article_detail", args=[article.pk])
    german = reviewer_client.get(url, headers={"Accept-Language": "de"}).content.decode()
    english = reviewer_client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert "speech verb: " in reason
    shown_in_german = reason.replace("speech verb: ", "Redeverb: ")
    assert f'<span class="reason">{escape(shown_in_german)}</span>' in german
    assert f'<span class="reason">{escape(reason)}</span>' in english
    assert "Zitierte Tatsache" in german and "Quoted fact" in english


def test_reason_cues_are_translated_and_other_text_stays_as_given():
    from annotations.suggesters.rules import translated_reason

    german = {"speech verb": "Redeverb", "quotation": "Zitat"}.get
    reason = "quotation: »Wir schaffen das.«; speech verb: sagte; model said: so"
    assert translated_reason(reason, lambda cue: german(cue) or cue) == (
        "Zitat: »Wir schaffen das.«; Redeverb: sagte; model said: so"
    )
