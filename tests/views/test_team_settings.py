"""Team page for the workspace settings."""

import pytest
from django.urls import reverse

from annotations.models import WorkspaceSettings
from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db


def test_settings_page_shows_the_current_switch(admin_client):
    html = admin_client.get(reverse("team_settings")).content.decode()
    assert 'name="reviewers_may_open_unassigned"' in html
    assert "checked" in html


def test_settings_plain_post_turns_the_switch_off_and_redirects(admin_client):
    response = admin_client.post(reverse("team_settings"), {})
    assert response["Location"] == reverse("team_settings")
    assert not WorkspaceSettings.load().reviewers_may_open_unassigned


def test_settings_with_htmx_returns_the_form_with_a_notice(admin_client):
    response = admin_client.post(
        reverse("team_settings"),
        {"reviewers_may_open_unassigned": "on"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="settings-form"')
    assert "Settings saved." in html
    assert WorkspaceSettings.load().reviewers_may_open_unassigned


def test_reviewers_lose_unassigned_articles_when_the_switch_is_off(admin_client, reviewer, article):
    from annotations.permissions import can_open_article

    admin_client.post(reverse("team_settings"), {})
    assert not can_open_article(reviewer, article)
