"""Logging in and out in a real browser."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_login_leads_to_the_article_list(page, log_in, reviewer):
    log_in(reviewer)
    assert page.get_by_role("heading", name="Articles").is_visible()
    assert page.get_by_text(reviewer.username).is_visible()


def test_wrong_password_shows_an_error(page, reviewer):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(reviewer.username)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_text("Please enter a correct username and password").is_visible()
