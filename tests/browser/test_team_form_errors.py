"""Every team form shows its errors in the browser: the status htmx is told to swap (422)
and the page agree, so a refused change never looks like nothing happened."""

import pytest
from playwright.sync_api import expect

from annotations import services
from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_page(page, log_in, admin_user, csp_violations):
    log_in(admin_user)
    return page


def test_details_form_shows_an_invalid_email(admin_page, reviewer):
    admin_page.goto(f"/team/reviewers/{reviewer.pk}/")
    details = admin_page.locator("#details")
    details.get_by_label("Email").fill("not an address")
    details.get_by_role("button", name="Save").click()
    expect(details.get_by_text("Enter a valid email address.")).to_be_visible()


def test_role_form_shows_a_refused_self_demotion(admin_page, admin_user):
    admin_page.goto(f"/team/reviewers/{admin_user.pk}/")
    role = admin_page.locator("#role")
    role.get_by_label("Reviewer – annotates").check()
    role.get_by_role("button", name="Change role").click()
    expect(role.get_by_text("You cannot remove your own Admin role")).to_be_visible()


def test_password_form_shows_a_too_short_password(admin_page, reviewer):
    admin_page.goto(f"/team/reviewers/{reviewer.pk}/")
    access = admin_page.locator("#access")
    access.get_by_label("I choose it").check()
    access.get_by_label("Password", exact=True).fill("kurz")
    access.get_by_role("button", name="Reset password").click()
    expect(access.get_by_text("This password is too short.")).to_be_visible()


def test_delete_button_shows_why_an_account_with_work_stays(admin_page, reviewer, article, labels):
    services.annotation_create(
        sentence=article.sentences.first(), reviewer=reviewer, label=labels["opinion"]
    )
    admin_page.goto(f"/team/reviewers/{reviewer.pk}/")
    admin_page.on("dialog", lambda dialog: dialog.accept())
    access = admin_page.locator("#access")
    access.get_by_role("button", name="Delete account").click()
    expect(access.get_by_text("The account rita cannot be deleted")).to_be_visible()


def test_token_form_shows_a_missing_name(admin_page, data_user):
    admin_page.goto("/team/tokens/")
    admin_page.get_by_label("For").select_option(label="dora")
    admin_page.get_by_role("button", name="Create token").click()
    expect(admin_page.locator("#tokens").get_by_text("This field is required.")).to_be_visible()


def test_article_assignment_form_shows_a_missing_reviewer(admin_page, article, reviewer):
    admin_page.goto(f"/team/articles/{article.pk}/assignments/")
    admin_page.get_by_role("button", name="Assign", exact=True).click()
    expect(admin_page.get_by_text("This field is required.")).to_be_visible()


def test_label_list_shows_a_refused_reactivation(admin_page, admin_user, labels):
    opinion = labels["opinion"]
    services.label_deactivate(label=opinion, actor=admin_user)
    services.label_create(
        name="Meinung", shortcut=opinion.shortcut, colour="#336699", actor=admin_user
    )
    admin_page.goto("/team/labels/")
    admin_page.get_by_role("row", name="Opinion").get_by_role("button", name="Reactivate").click()
    expect(admin_page.get_by_text("“Opinion” cannot be reactivated")).to_be_visible()


def test_add_person_form_shows_a_too_short_password(admin_page):
    admin_page.goto("/team/reviewers/new/")
    admin_page.get_by_label("Username").fill("nina")
    admin_page.get_by_label("I choose it").check()
    admin_page.get_by_label("Password", exact=True).fill("kurz")
    admin_page.get_by_role("button", name="Create account").click()
    expect(admin_page.get_by_text("This password is too short.")).to_be_visible()
