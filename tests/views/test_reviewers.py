"""Team pages for people: list with figures, create and invite, edit, roles, access, passwords."""

import re

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import UserPreferences
from annotations.permissions import ADMIN, DATA_USER, REVIEWER, role_of
from tests.team_data import (  # noqa: F401 (an autouse fixture)
    fast_password_hashing,
    make_articles,
    review_whole_article,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
STRONG = "a long passphrase of words"


def logs_in(client, username: str, password: str) -> bool:
    """Whether the login form accepts these credentials (as a person would use it)."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def detail_url(user) -> str:
    return reverse("team_reviewer_detail", args=[user.pk])


def test_reviewer_list_shows_each_persons_figures(
    admin_client, admin_user, reviewer, other_reviewer, labels
):
    done, started = make_articles(2)
    review_whole_article(done, reviewer, labels["opinion"])
    services.sentence_mark_no_claim(sentence=started.sentences.all()[0], reviewer=reviewer)
    services.assignment_create(article=started, reviewer=reviewer, actor=admin_user)
    html = admin_client.get(reverse("team_reviewers")).content.decode()
    link = re.escape(f'<a href="{detail_url(reviewer)}">rita</a>')
    row = re.search(rf"<tr>\s*<td>\s*{link}.*?</tr>", html, re.S)
    cells = re.findall(r'<td class="num">(\d+)</td>', row.group(0))
    assert cells == ["1", "1", "1"]  # claims, articles done, assigned
    assert "otto" in html
    assert "never" in html  # otto has not done anything yet


def test_reviewer_list_filters_by_role_and_status(admin_client, admin_user, reviewer, data_user):
    services.reviewer_deactivate(user=reviewer, actor=admin_user)
    by_role = admin_client.get(reverse("team_reviewers"), {"role": DATA_USER}).content.decode()
    assert ">dora<" in by_role
    assert ">rita<" not in by_role
    inactive = admin_client.get(reverse("team_reviewers"), {"status": "inactive"}).content.decode()
    assert ">rita<" in inactive
    assert ">dora<" not in inactive


def test_reviewer_list_with_htmx_returns_the_results_partial(admin_client, reviewer):
    response = admin_client.get(reverse("team_reviewers"), {"q": "rit"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert ">rita<" in html
    assert "HX-Request" in response["Vary"]


def test_reviewer_list_ignores_an_invalid_filter_and_says_so(admin_client, reviewer):
    response = admin_client.get(reverse("team_reviewers"), {"role": "Overlord"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert ">rita<" in html


def test_reviewer_list_queries_do_not_grow_with_the_team(
    admin_client, django_user_model, django_assert_max_num_queries, labels
):
    from tests.conftest import make_user

    people = [make_user(django_user_model, f"p{n}", "pw", REVIEWER) for n in range(12)]
    for person, article in zip(people[:3], make_articles(3), strict=True):
        review_whole_article(article, person, labels["opinion"])
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("team_reviewers"))


def test_reviewer_create_with_a_generated_password_shows_it_once(admin_client, django_user_model):
    response = admin_client.post(
        reverse("team_reviewer_create"),
        {
            "username": "nora",
            "first_name": "Nora",
            "email": "nora@example.org",
            "language": "de",
            "role": REVIEWER,
            "password_choice": "generate",
        },
    )
    assert response.status_code == 201
    html = response.content.decode()
    password = re.search(r'data-testid="password">([^<]+)<', html).group(1)
    assert "cannot be shown again" in html
    user = django_user_model.objects.get(username="nora")
    assert role_of(user) == REVIEWER
    assert UserPreferences.objects.get(user=user).language == "de"
    assert user.check_password(password)
    assert password not in admin_client.get(detail_url(user)).content.decode()


def test_reviewer_create_with_a_chosen_password_that_is_too_weak_shows_the_rule(admin_client):
    response = admin_client.post(
        reverse("team_reviewer_create"),
        {"username": "nora", "role": REVIEWER, "password_choice": "set", "password": "nora"},
    )
    assert response.status_code == 422
    assert "too short" in response.content.decode()


def test_reviewer_create_of_an_existing_username_is_a_form_error(admin_client, reviewer):
    response = admin_client.post(
        reverse("team_reviewer_create"),
        {"username": "Rita", "role": REVIEWER, "password_choice": "generate"},
    )
    assert response.status_code == 422
    assert "A user named “Rita” already exists." in response.content.decode()


def test_an_invitation_link_lets_the_new_person_choose_a_password_once(admin_client, client):
    response = admin_client.post(
        reverse("team_reviewer_create"),
        {"username": "nora", "role": DATA_USER, "password_choice": "link"},
    )
    link = re.search(r'data-testid="link">([^<]+)<', response.content.decode()).group(1)
    path = link.split("testserver", 1)[1]
    anonymous = client.__class__()
    assert anonymous.get(path).status_code == 200
    chosen = anonymous.post(path, {"new_password1": STRONG, "new_password2": STRONG})
    assert chosen.status_code == 302
    assert logs_in(anonymous, "nora", STRONG)
    reused = client.__class__().get(path)
    assert reused.status_code == 400
    assert "This link is not valid" in reused.content.decode()


def test_reviewer_detail_saves_name_email_and_language(admin_client, reviewer):
    response = admin_client.post(
        detail_url(reviewer),
        {"first_name": "Rita", "last_name": "Roth", "email": "rr@example.org", "language": "en"},
    )
    assert response.status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.get_full_name() == "Rita Roth"
    assert UserPreferences.objects.get(user=reviewer).language == "en"


def test_reviewer_detail_with_htmx_returns_the_section_with_a_notice(admin_client, reviewer):
    response = admin_client.post(
        detail_url(reviewer),
        {"first_name": "Rita", "last_name": "", "email": "not an email", "language": ""},
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="details"')
    assert "Enter a valid email address." in html


def test_reviewer_role_changes_the_role(admin_client, reviewer):
    response = admin_client.post(
        reverse("team_reviewer_role", args=[reviewer.pk]), {"role": ADMIN}, headers=HTMX
    )
    assert "rita is now Admin." in response.content.decode()
    reviewer.refresh_from_db()
    assert role_of(reviewer) == ADMIN
    assert reviewer.is_staff


def test_an_admin_demoting_themselves_gets_a_clear_refusal(admin_client, admin_user, superuser):
    response = admin_client.post(
        reverse("team_reviewer_role", args=[admin_user.pk]), {"role": REVIEWER}
    )
    assert response.status_code == 422
    assert "You cannot remove your own Admin role" in response.content.decode()


def test_deactivation_ends_the_session_blocks_login_and_keeps_the_work(
    admin_client, client, reviewer, password, article, labels
):
    review_whole_article(article, reviewer, labels["opinion"])
    reviewer_client = client.__class__()
    reviewer_client.force_login(reviewer)
    response = admin_client.post(
        reverse("team_reviewer_active", args=[reviewer.pk]), {"active": "0"}
    )
    assert response.status_code == 302
    followed = admin_client.get(response["Location"]).content.decode()
    assert "Their work stays" in followed
    assert reviewer_client.get(reverse("article_list")).status_code == 302
    assert not logs_in(client, "rita", password)
    assert reviewer.annotations.count() == 1


def test_reactivation_lets_them_log_in_again(admin_client, admin_user, reviewer, password, client):
    services.reviewer_deactivate(user=reviewer, actor=admin_user)
    admin_client.post(reverse("team_reviewer_active", args=[reviewer.pk]), {"active": "1"})
    assert logs_in(client, "rita", password)


def test_an_admin_cannot_deactivate_themselves(admin_client, admin_user, superuser):
    response = admin_client.post(
        reverse("team_reviewer_active", args=[admin_user.pk]), {"active": "0"}, headers=HTMX
    )
    assert response.status_code == 422
    assert "You cannot deactivate your own account." in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_password_reset_generates_a_password_shown_in_that_response(admin_client, reviewer):
    response = admin_client.post(
        reverse("team_reviewer_password", args=[reviewer.pk]),
        {"password_choice": "generate"},
        headers=HTMX,
    )
    password = re.search(r'data-testid="password">([^<]+)<', response.content.decode()).group(1)
    reviewer.refresh_from_db()
    assert reviewer.check_password(password)


def test_password_reset_to_a_chosen_password(admin_client, reviewer):
    admin_client.post(
        reverse("team_reviewer_password", args=[reviewer.pk]),
        {"password_choice": "set", "password": STRONG},
    )
    reviewer.refresh_from_db()
    assert reviewer.check_password(STRONG)


def test_password_reset_without_the_chosen_password_is_a_form_error(admin_client, reviewer):
    response = admin_client.post(
        reverse("team_reviewer_password", args=[reviewer.pk]), {"password_choice": "set"}
    )
    assert response.status_code == 422
    assert "Enter the password" in response.content.decode()


def test_deleting_a_reviewer_with_claims_is_refused_with_advice_to_deactivate(
    admin_client, reviewer, article, labels, django_user_model
):
    review_whole_article(article, reviewer, labels["opinion"])
    response = admin_client.post(reverse("team_reviewer_delete", args=[reviewer.pk]), follow=True)
    html = response.content.decode()
    assert "cannot be deleted" in html
    assert "Deactivate the account instead" in html
    assert django_user_model.objects.filter(pk=reviewer.pk).exists()


def test_deleting_an_account_without_work(admin_client, outsider, django_user_model):
    response = admin_client.post(reverse("team_reviewer_delete", args=[outsider.pk]))
    assert response["Location"] == reverse("team_reviewers")
    assert not django_user_model.objects.filter(pk=outsider.pk).exists()


def test_a_locked_out_person_sees_why_and_an_admin_can_unlock_them(
    client, admin_client, reviewer, password, settings
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "rita", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "rita", "password": password})
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many failed logins" in html
    assert "Try again in 15" in html
    detail = admin_client.get(detail_url(reviewer)).content.decode()
    assert "Locked out after 6 failed logins." in detail
    admin_client.post(reverse("team_reviewer_unlock", args=[reviewer.pk]))
    assert (
        client.post(reverse("login"), {"username": "rita", "password": password}).status_code == 302
    )


def test_the_preferred_language_becomes_the_language_cookie_at_login(
    client, admin_user, reviewer, password, settings
):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "annotations.login_language.PreferredLanguageMiddleware",
    ]
    services.reviewer_update(
        user=reviewer, actor=admin_user, first_name="", last_name="", email="", language="de"
    )
    response = client.post(reverse("login"), {"username": "rita", "password": password})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"


def test_pages_of_people_not_found_are_404(admin_client):
    assert admin_client.get(reverse("team_reviewer_detail", args=[999999])).status_code == 404


def test_unlock_with_htmx_returns_the_access_section(admin_client, reviewer):
    response = admin_client.post(reverse("team_reviewer_unlock", args=[reviewer.pk]), headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="access"')
    assert "Failed logins of rita forgotten" in html


def test_deleting_with_htmx_sends_the_browser_to_the_list(admin_client, outsider):
    response = admin_client.post(reverse("team_reviewer_delete", args=[outsider.pk]), headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("team_reviewers")


def test_team_pages_refuse_a_post_without_the_csrf_token(admin_user, reviewer):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_user)
    url = reverse("team_reviewer_role", args=[reviewer.pk])
    assert browser.post(url, {"role": DATA_USER}, headers=HTMX).status_code == 403
    browser.get(detail_url(reviewer))  # sets the CSRF cookie, as the page does
    token = browser.cookies["csrftoken"].value
    response = browser.post(url, {"role": DATA_USER}, headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 200
    assert role_of(reviewer) == DATA_USER


def test_a_reset_by_link_ends_the_old_password_and_every_session_and_is_audited(
    admin_client, client, reviewer, password
):
    client.force_login(reviewer)
    assert client.get(reverse("article_list")).status_code == 200
    response = admin_client.post(
        reverse("team_reviewer_password", args=[reviewer.pk]),
        {"password_choice": "link"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "/team/welcome/" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert client.get(reverse("article_list")).status_code == 302  # logged out
    assert not logs_in(client.__class__(), "rita", password)
    audit = admin_client.get(reverse("team_audit"), {"subject": reviewer.pk}).content.decode()
    assert "alice set a new password for rita" in " ".join(re.sub(r"<[^>]+>", " ", audit).split())


def test_pages_that_show_a_secret_are_not_stored_by_caches(admin_client, reviewer):
    created = admin_client.post(
        reverse("team_reviewer_create"),
        {"username": "nora", "role": REVIEWER, "password_choice": "generate"},
    )
    generated = admin_client.post(
        reverse("team_reviewer_password", args=[reviewer.pk]), {"password_choice": "generate"}
    )
    token = admin_client.post(reverse("team_tokens"), {"user": reviewer.pk, "name": "export"})
    for response in (created, generated, token):
        assert "no-store" in response["Cache-Control"]


def test_an_admin_cannot_reset_a_superusers_password_on_the_team_pages(
    admin_client, superuser, password
):
    for choice in ({"password_choice": "link"}, {"password_choice": "set", "password": STRONG}):
        response = admin_client.post(
            reverse("team_reviewer_password", args=[superuser.pk]), choice, headers=HTMX
        )
        assert response.status_code == 422
        assert "Only a superuser can set or reset the password" in response.content.decode()
    superuser.refresh_from_db()
    assert superuser.check_password(password)


def test_a_new_data_user_is_not_promised_work(admin_client):
    response = admin_client.post(
        reverse("team_reviewer_create"),
        {"username": "dana", "role": DATA_USER, "password_choice": "link"},
        follow=True,
    )
    html = response.content.decode()
    assert "can now be assigned work" not in html
    assert "read and export the data through the API" in html
    assert "Assign articles" not in html
    assert "Create an API token" in html
