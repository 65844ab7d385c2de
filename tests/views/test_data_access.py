"""The data user's start page: tokens, API docs, and each export with its filters."""

import pytest
from django.urls import reverse

from annotations import services

pytestmark = pytest.mark.django_db


def test_a_data_user_lands_on_the_data_page_not_the_review_queue(
    client, data_user, password, article
):
    response = client.post(reverse("login"), {"username": "dora", "password": password})
    landing = client.get(response["Location"], follow=True)
    html = landing.content.decode()
    assert landing.redirect_chain[-1][0] == reverse("data_access")
    assert "not open to you" not in html
    assert "/api/docs/" in html
    for export in ("annotations.jsonl", "annotations.csv", "annotations.w3c.jsonld"):
        assert f"/api/export/{export}" in html
    assert "/api/export/sentences.jsonl" in html


def test_the_data_page_lists_the_users_own_tokens_without_keys(
    client, data_user, admin_user, reviewer
):
    mine = services.token_create(user=data_user, name="nightly export", actor=admin_user)
    theirs = services.token_create(user=reviewer, name="rita's", actor=admin_user)
    client.force_login(data_user)
    html = client.get(reverse("data_access")).content.decode()
    assert "nightly export" in html
    assert mine.token.prefix in html
    assert mine.key not in html
    assert "rita's" not in html and theirs.token.prefix not in html


def test_filters_turn_into_export_links(client, data_user, reviewer, article, labels):
    services.annotation_create(
        sentence=article.sentences.first(), reviewer=reviewer, label=labels["opinion"]
    )
    client.force_login(data_user)
    html = client.get(
        reverse("data_access"),
        {"article": article.pk, "reviewer": "rita", "label": "opinion", "updated_since": ""},
    ).content.decode()
    assert (
        f"/api/export/annotations.csv?article={article.pk}&amp;reviewer=rita&amp;label=opinion"
        in html
    )
    export = client.get(f"/api/export/annotations.csv?article={article.pk}&reviewer=rita")
    assert export.status_code == 200


def test_reviewers_may_not_open_the_data_page(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("data_access")).status_code == 403
