"""Team page for API tokens, and what a token can still do after revocation or deactivation."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from annotations import services
from annotations.api.authentication import ApiTokenAuthentication
from annotations.models import ApiToken, hash_token
from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def authenticate_with(key: str):
    """What the API's token authentication makes of ``Authorization: Token <key>``."""
    request = Request(RequestFactory().get("/api/", HTTP_AUTHORIZATION=f"Token {key}"))
    return ApiTokenAuthentication().authenticate(request)


def shown_key(response) -> str:
    return re.search(r'data-testid="token">([^<]+)<', response.content.decode()).group(1)


def test_token_create_shows_the_key_once(admin_client, data_user):
    response = admin_client.post(
        reverse("team_tokens"), {"user": data_user.pk, "name": "Nightly export"}
    )
    assert response.status_code == 201
    key = shown_key(response)
    assert "cannot be shown again" in response.content.decode()
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(key)
    assert (token.user, token.name, token.created_by.username) == (
        data_user,
        "Nightly export",
        "alice",
    )
    later = admin_client.get(reverse("team_tokens")).content.decode()
    assert key not in later
    assert f"{key[:8]}…" in later


def test_token_create_with_htmx_returns_the_token_section(admin_client, data_user):
    response = admin_client.post(
        reverse("team_tokens"), {"user": data_user.pk, "name": "Export"}, headers=HTMX
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="tokens">')
    assert authenticate_with(shown_key(response))[0] == data_user


def test_token_create_without_a_name_is_a_form_error(admin_client, data_user):
    response = admin_client.post(reverse("team_tokens"), {"user": data_user.pk, "name": ""})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_form_offers_only_active_people_with_a_role(
    admin_client, admin_user, reviewer, outsider
):
    services.reviewer_deactivate(user=reviewer, actor=admin_user)
    html = admin_client.get(reverse("team_tokens")).content.decode()
    options = html.split('name="user"', 1)[1].split("</select>", 1)[0]
    assert ">alice<" in options
    assert ">rita<" not in options
    assert ">olga<" not in options


def test_token_revoke_with_htmx_returns_the_row(admin_client, admin_user, data_user):
    created = services.token_create(user=data_user, name="Export", actor=admin_user)
    response = admin_client.post(
        reverse("team_token_revoke", args=[created.token.pk]), headers=HTMX
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="token-{created.token.pk}"')
    assert "Revoked" in html
    with pytest.raises(AuthenticationFailed, match="revoked"):
        authenticate_with(created.key)


def test_token_revoke_with_a_plain_post_redirects(admin_client, admin_user, data_user):
    created = services.token_create(user=data_user, name="Export", actor=admin_user)
    response = admin_client.post(reverse("team_token_revoke", args=[created.token.pk]))
    assert response["Location"] == reverse("team_tokens")


def test_token_list_filters_by_status(admin_client, admin_user, data_user):
    kept = services.token_create(user=data_user, name="Kept", actor=admin_user)
    gone = services.token_create(user=data_user, name="Gone", actor=admin_user)
    services.token_revoke(token=gone.token, actor=admin_user)
    html = admin_client.get(reverse("team_tokens"), {"status": "active"}).content.decode()
    assert kept.token.prefix in html
    assert gone.token.prefix not in html


def test_a_deactivated_persons_token_stops_working_and_works_again_on_reactivation(
    admin_user, data_user
):
    created = services.token_create(user=data_user, name="Export", actor=admin_user)
    assert authenticate_with(created.key)[0] == data_user
    services.reviewer_deactivate(user=data_user, actor=admin_user)
    with pytest.raises(AuthenticationFailed, match="deactivated"):
        authenticate_with(created.key)
    services.reviewer_reactivate(user=data_user, actor=admin_user)
    assert authenticate_with(created.key)[0] == data_user


def test_an_unknown_key_is_refused(data_user):
    with pytest.raises(AuthenticationFailed, match="Invalid token"):
        authenticate_with("not-a-key")
