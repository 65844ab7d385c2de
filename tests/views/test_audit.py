"""The audit log page: who changed which person, role, assignment, label, token or setting."""

import re

import pytest
from django.urls import reverse

from annotations import services
from annotations.permissions import ADMIN
from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def entries(html: str) -> list[str]:
    """Each audit entry's text, whitespace collapsed, newest first."""
    items = re.findall(r'<li class="audit-entry.*?</li>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_a_label_rename_shows_actor_and_before_and_after(admin_client, labels):
    admin_client.post(
        reverse("team_label_edit", args=[labels["opinion"].pk]),
        {"name": "Meinung", "description": "", "shortcut": "2", "colour": "#b35c00"},
    )
    [entry] = entries(admin_client.get(reverse("team_audit"), {"kind": "label"}).content.decode())[
        :1
    ]
    assert "alice changed the label Meinung (via team pages)" in entry
    assert "name Opinion Meinung" in entry
    assert "guideline Meinung. An evaluative" in entry  # the guideline was emptied


def test_role_changes_show_the_role_given_and_taken(admin_client, reviewer):
    admin_client.post(reverse("team_reviewer_role", args=[reviewer.pk]), {"role": ADMIN})
    html = admin_client.get(reverse("team_audit"), {"kind": "role"}).content.decode()
    texts = entries(html)
    assert any("alice gave a role Admin to rita" in text for text in texts)
    assert any("alice took a role Reviewer from rita" in text for text in texts)


def test_deactivation_is_recorded_as_a_change_of_the_account(admin_client, reviewer):
    admin_client.post(reverse("team_reviewer_active", args=[reviewer.pk]), {"active": "0"})
    texts = entries(admin_client.get(reverse("team_audit"), {"kind": "user"}).content.decode())
    assert "alice changed the account rita (via team pages)" in texts[0]
    assert texts[0].endswith("Field Before After active yes no")


def test_a_password_reset_is_recorded_without_the_password(admin_client, reviewer):
    admin_client.post(
        reverse("team_reviewer_password", args=[reviewer.pk]),
        {"password_choice": "set", "password": "a long passphrase of words"},
    )
    html = admin_client.get(reverse("team_audit"), {"kind": "user"}).content.decode()
    assert "alice set a new password for rita (via team pages)" in entries(html)[0]
    assert "passphrase" not in html


def test_assignments_tokens_and_settings_are_recorded(admin_client, reviewer, data_user, article):
    admin_client.post(
        reverse("team_article_assignments", args=[article.pk]), {"reviewer": reviewer.pk}
    )
    admin_client.post(reverse("team_tokens"), {"user": data_user.pk, "name": "Export"})
    admin_client.post(reverse("team_settings"), {})
    texts = entries(admin_client.get(reverse("team_audit")).content.decode())
    assert any("alice assigned “Gipfel in Alaska” to rita" in text for text in texts)
    assert any("alice created the token" in text and "“Export” of dora" in text for text in texts)
    assert any(
        "alice changed workspace settings" in text
        and "reviewers may open unassigned articles yes no" in text
        for text in texts
    )


def test_audit_filters_by_kind_actor_and_subject(
    admin_client, superuser, admin_user, reviewer, other_reviewer, labels
):
    services.label_deactivate(label=labels["opinion"], actor=superuser)
    services.reviewer_deactivate(user=reviewer, actor=admin_user)
    services.reviewer_deactivate(user=other_reviewer, actor=admin_user)
    url = reverse("team_audit")
    by_sam = entries(admin_client.get(url, {"actor": superuser.pk}).content.decode())
    assert len(by_sam) == 1
    assert "sam changed the label Opinion" in by_sam[0]
    about_rita = entries(admin_client.get(url, {"subject": reviewer.pk}).content.decode())
    assert any("alice changed the account rita" in text for text in about_rita)
    assert not any("otto" in text for text in about_rita)
    tokens = entries(admin_client.get(url, {"kind": "token"}).content.decode())
    assert tokens == []


def test_changes_without_a_known_actor_say_system(admin_client, reviewer):
    html = admin_client.get(reverse("team_audit"), {"subject": reviewer.pk}).content.decode()
    assert any("system created the account rita" in text for text in entries(html))


def test_audit_with_htmx_returns_the_results(admin_client):
    response = admin_client.get(reverse("team_audit"), {"kind": "label"}, headers=HTMX)
    assert response.content.decode().lstrip().startswith('<div id="results">')
    assert "HX-Request" in response["Vary"]


def test_audit_ignores_an_unknown_kind_and_says_so(admin_client):
    response = admin_client.get(reverse("team_audit"), {"kind": "weather"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_audit_page_query_count_does_not_grow_with_entries(
    admin_client, admin_user, labels, django_assert_max_num_queries
):
    for number in range(15):
        services.label_update(
            label=labels["opinion"],
            actor=admin_user,
            name=f"Opinion {number}",
            description="",
            shortcut="2",
            colour="#b35c00",
        )
    with django_assert_max_num_queries(10):
        admin_client.get(reverse("team_audit"))
