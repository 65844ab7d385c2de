"""An admin's day one in a real browser: add a reviewer, assign an article, the reviewer sees it."""

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_admin_adds_a_reviewer_and_assigns_an_article_they_then_see(
    page, log_in, admin_user, article, password, artifacts
):
    log_in(admin_user)
    page.get_by_role("link", name="Team").click()
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Username").fill("nina")
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Interface language").select_option("de")
    page.get_by_label("Reviewer – annotates").check()
    page.get_by_label("I choose it").check()
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Account nina created")).to_be_visible()

    page.get_by_role("link", name="Assign articles").click()
    page.get_by_label("Gipfel in Alaska").check()
    page.get_by_label("nina").check()
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("Made 1 assignment.")).to_be_visible()
    row = page.get_by_role("row", name="Gipfel in Alaska")
    expect(row.get_by_text("nina")).to_be_visible()
    expect(row.get_by_text("0 of 3 sentences")).to_be_visible()
    page.screenshot(path=artifacts / "team-assignments.png", full_page=True)

    page.get_by_role("button", name="Log out").click()
    log_in(SimpleNamespace(username="nina"))
    expect(page.get_by_role("link", name="Gipfel in Alaska")).to_be_visible()


def test_the_article_panel_unassigns_and_assigns_a_reviewer(
    page, log_in, admin_user, reviewer, article, artifacts
):
    from annotations import services

    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    log_in(admin_user)
    page.goto(f"/team/articles/{article.pk}/assignments/")
    page.get_by_role("button", name="Unassign").click()
    expect(page.get_by_text("rita is no longer assigned “Gipfel in Alaska”.")).to_be_visible()
    expect(page.get_by_text("Nobody is assigned this article yet.")).to_be_visible()
    page.get_by_label("Assign to").select_option(label="rita")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("Assigned to rita.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/team/articles/{article.pk}/assignments/$"))
    page.screenshot(path=artifacts / "team-article-assignments.png", full_page=True)
