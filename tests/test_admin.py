"""The Django admin keeps the team's rules: work keeps its author, labels in use stay, keys once."""

import re
from typing import Any

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import ApiToken, Assignment, Label
from annotations.permissions import REVIEWER, role_of
from tests.team_data import (  # noqa: F401 (an autouse fixture)
    fast_password_hashing,
    review_whole_article,
)

pytestmark = pytest.mark.django_db


def test_user_list_shows_role_and_active_state(admin_client, reviewer, data_user):
    html = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert '<td class="field-role">Reviewer</td>' in html
    assert '<td class="field-role">Data user</td>' in html
    assert "field-is_active" in html


def test_user_list_filtered_by_group_still_shows_each_role_once(admin_client, reviewer):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=REVIEWER)
    response = admin_client.get(
        reverse("admin:auth_user_changelist"), {"groups__id__exact": group.pk}
    )
    html = response.content.decode()
    assert html.count('<td class="field-role">Reviewer</td>') == 1


def test_deleting_a_user_with_claims_is_refused_with_a_clear_message(
    admin_client, reviewer, article, labels, django_user_model
):
    review_whole_article(article, reviewer, labels["opinion"])
    response = admin_client.get(reverse("admin:auth_user_delete", args=[reviewer.pk]), follow=True)
    html = response.content.decode()
    assert "The account rita cannot be deleted" in html
    assert "Deactivate the account instead" in html
    response = admin_client.post(
        reverse("admin:auth_user_delete", args=[reviewer.pk]), {"post": "yes"}, follow=True
    )
    assert "Deactivate the account instead" in response.content.decode()
    assert django_user_model.objects.filter(pk=reviewer.pk).exists()


def test_the_bulk_delete_action_refuses_users_with_claims(
    admin_client, reviewer, outsider, article, labels, django_user_model
):
    review_whole_article(article, reviewer, labels["opinion"])
    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [reviewer.pk, outsider.pk],
            "post": "yes",
        },
        follow=True,
    )
    assert "Nothing was deleted: rita made claims" in response.content.decode()
    assert django_user_model.objects.filter(pk__in=[reviewer.pk, outsider.pk]).count() == 2


def test_deleting_a_user_without_work_still_works(admin_client, outsider, django_user_model):
    response = admin_client.post(
        reverse("admin:auth_user_delete", args=[outsider.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not django_user_model.objects.filter(pk=outsider.pk).exists()


def test_the_deactivate_action_keeps_the_work(
    admin_client, reviewer, article, labels, django_user_model
):
    review_whole_article(article, reviewer, labels["opinion"])
    admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [reviewer.pk]},
    )
    reviewer.refresh_from_db()
    assert not reviewer.is_active
    assert reviewer.annotations.count() == 1


def test_the_deactivate_action_refuses_the_admin_themselves(admin_client, admin_user, superuser):
    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [admin_user.pk]},
        follow=True,
    )
    assert "You cannot deactivate your own account." in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_the_role_actions_set_one_role(admin_client, data_user):
    admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "make_reviewers", "_selected_action": [data_user.pk]},
    )
    data_user.refresh_from_db()
    assert role_of(data_user) == REVIEWER
    assert list(data_user.groups.values_list("name", flat=True)) == [REVIEWER]


def test_deleting_a_label_in_use_is_refused_in_the_admin(admin_client, reviewer, article, labels):
    review_whole_article(article, reviewer, labels["opinion"])
    response = admin_client.get(
        reverse("admin:annotations_label_delete", args=[labels["opinion"].pk]), follow=True
    )
    assert "cannot be deleted; deactivate it instead" in response.content.decode()
    assert Label.objects.filter(slug="opinion").exists()


def test_the_label_form_explains_a_reserved_shortcut(admin_client, labels):
    label = labels["opinion"]
    response = admin_client.post(
        reverse("admin:annotations_label_change", args=[label.pk]),
        {
            "name": "Opinion",
            "description": "",
            "shortcut": "j",
            "colour": "#b35c00",
            "order": 2,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "is reserved by the workspace" in response.content.decode()
    label.refresh_from_db()
    assert label.shortcut == "2"


def test_the_label_form_allows_a_taken_key_on_a_label_it_deactivates(admin_client, labels):
    label = labels["opinion"]
    response = admin_client.post(
        reverse("admin:annotations_label_change", args=[label.pk]),
        {"name": "Opinion", "description": "", "shortcut": "1", "colour": "#b35c00", "order": 2},
    )
    assert response.status_code == 302
    label.refresh_from_db()
    assert (label.shortcut, label.is_active) == ("1", False)


def test_tokens_cannot_be_added_or_deleted_in_the_admin(admin_client, admin_user, data_user):
    created = services.token_create(user=data_user, name="Export", actor=admin_user)
    assert admin_client.get(reverse("admin:annotations_apitoken_add")).status_code == 403
    change = admin_client.get(reverse("admin:annotations_apitoken_change", args=[created.token.pk]))
    assert created.key not in change.content.decode()
    assert "key_hash" not in change.content.decode()
    assert (
        admin_client.post(
            reverse("admin:annotations_apitoken_delete", args=[created.token.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_the_revoke_action_revokes_tokens(admin_client, admin_user, data_user):
    created = services.token_create(user=data_user, name="Export", actor=admin_user)
    admin_client.post(
        reverse("admin:annotations_apitoken_changelist"),
        {"action": "revoke_tokens", "_selected_action": [created.token.pk]},
    )
    assert ApiToken.objects.get().revoked_at is not None


def test_an_assignment_added_in_the_admin_records_who_assigned_it(
    admin_client, admin_user, reviewer, article
):
    response = admin_client.post(
        reverse("admin:annotations_assignment_add"),
        {"article": article.pk, "reviewer": reviewer.pk, "due_on": ""},
    )
    assert response.status_code == 302
    assert Assignment.objects.get().assigned_by == admin_user


def test_an_assignment_to_a_data_user_is_refused_in_the_admin(admin_client, data_user, article):
    response = admin_client.post(
        reverse("admin:annotations_assignment_add"),
        {"article": article.pk, "reviewer": data_user.pk, "due_on": ""},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.exists()


def test_workspace_settings_can_be_changed_but_not_added_or_deleted(admin_client):
    assert admin_client.get(reverse("admin:annotations_workspacesettings_add")).status_code == 403
    response = admin_client.get(reverse("admin:annotations_workspacesettings_change", args=[1]))
    assert response.status_code == 200


def test_a_password_set_in_the_admin_appears_in_the_history(admin_client, admin_user, reviewer):
    from annotations.models import UserEvent

    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[reviewer.pk]),
        {"password1": "a long passphrase of words", "password2": "a long passphrase of words"},
    )
    assert response.status_code == 302
    event = UserEvent.objects.select_related("pgh_context").get(pgh_label="password")
    assert event.pgh_obj_id == reviewer.pk
    assert event.pgh_context.metadata["user"] == admin_user.pk


# --- the user form follows the team pages' rules (services.team) ----------------------------


def _change_form(client, user, **changes) -> dict:
    """The admin change form of ``user`` as the browser would post it, with ``changes``."""
    from django import forms

    response = client.get(reverse("admin:auth_user_change", args=[user.pk]))
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif value is not None and not field.disabled:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for item in formset.forms:
            for name in item.fields:
                value = item[name].value()
                if value not in (None, False):
                    data[item.add_prefix(name)] = value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def _save(client, user, **changes):
    return client.post(
        reverse("admin:auth_user_change", args=[user.pk]), _change_form(client, user, **changes)
    )


def test_an_admin_cannot_make_themselves_superuser_in_the_admin(admin_client, admin_user):
    response = _save(
        admin_client,
        admin_user,
        superuser="on",
        is_superuser="on",
        user_permissions=["1", "2"],
    )
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser
    assert not admin_user.user_permissions.exists()
    page = admin_client.get(reverse("admin:auth_user_change", args=[admin_user.pk]))
    assert 'name="superuser"' not in page.content.decode()
    assert 'name="user_permissions"' not in page.content.decode()


def test_an_admin_cannot_deactivate_or_demote_themselves_in_the_admin(admin_client, admin_user):
    cases: list[tuple[dict[str, Any], str]] = [
        ({"active": False}, "You cannot deactivate your own account."),
        ({"role": REVIEWER}, "You cannot remove your own Admin role"),
    ]
    for change, reason in cases:
        response = _save(admin_client, admin_user, **change)
        assert response.status_code == 200
        assert reason in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active
    assert role_of(admin_user) == "Admin"


def test_the_last_superuser_cannot_drop_their_status_and_lose_the_admin_role(client, superuser):
    client.force_login(superuser)
    response = _save(client, superuser, superuser=False)
    assert "You cannot remove your own superuser status" in response.content.decode()
    superuser.refresh_from_db()
    assert superuser.is_superuser


def test_an_admin_cannot_set_a_superusers_password(admin_client, superuser):
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        {"password1": "a new long passphrase", "password2": "a new long passphrase"},
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert not superuser.check_password("a new long passphrase")


def test_role_and_activity_changes_in_the_admin_go_through_the_services_and_the_audit(
    admin_client, reviewer
):
    from annotations.models import UserEvent
    from annotations.permissions import DATA_USER

    response = _save(admin_client, reviewer, role=DATA_USER, active=False, is_staff="on")
    assert response.status_code == 302
    reviewer.refresh_from_db()
    assert role_of(reviewer) is None  # deactivated
    assert list(reviewer.groups.values_list("name", flat=True)) == [DATA_USER]
    assert not reviewer.is_active
    assert not reviewer.is_staff
    audit = admin_client.get(reverse("team_audit"), {"subject": reviewer.pk}).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", audit).split())
    assert "alice gave a role Data user to rita" in text
    assert UserEvent.objects.filter(pgh_obj_id=reviewer.pk, is_active=False).exists()


def test_adding_a_person_in_the_admin_leads_to_the_team_page(admin_client):
    response = admin_client.get(reverse("admin:auth_user_add"))
    assert response.status_code == 302
    assert response["Location"] == reverse("team_reviewer_create")


def test_role_groups_are_not_editable_in_the_admin(admin_client):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Admin")
    response = admin_client.get(f"/admin/auth/group/{group.pk}/change/")
    assert response.status_code == 404


def test_workspace_settings_saved_in_the_admin_go_through_the_service(admin_client, monkeypatch):
    from annotations.models import WorkspaceSettings

    calls = []
    real = services.workspace_settings_update

    def recording(**kw):
        calls.append(kw)
        return real(**kw)

    monkeypatch.setattr(services, "workspace_settings_update", recording)
    workspace = WorkspaceSettings.load()
    response = admin_client.post(
        reverse("admin:annotations_workspacesettings_change", args=[workspace.pk]), {}
    )
    assert response.status_code == 302
    assert [call["reviewers_may_open_unassigned"] for call in calls] == [False]
    assert not WorkspaceSettings.load().reviewers_may_open_unassigned
