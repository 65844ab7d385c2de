"""Every page, as each role sees it, runs under the strict Content-Security-Policy without a
single violation: no inline script, handler or style attribute, nothing from another origin."""

import re

import pytest
from playwright.sync_api import expect

from annotations import services
from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _visit(page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status < 500, path
    assert "content-security-policy" in response.headers, path
    page.wait_for_load_state("load")


def test_admin_pages_have_no_csp_violations(
    page, log_in, admin_user, reviewer, article, labels, csp_violations
):
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    services.annotation_create(
        sentence=article.sentences.first(), reviewer=reviewer, label=labels["opinion"]
    )
    log_in(admin_user)
    for path in [
        "/",
        "/articles/import/",
        f"/articles/{article.pk}/",
        f"/sentences/{article.sentences.first().pk}/history/",
        "/team/",
        "/team/reviewers/new/",
        f"/team/reviewers/{reviewer.pk}/",
        "/team/assignments/",
        "/team/assignments/new/",
        f"/team/articles/{article.pk}/assignments/",
        "/team/labels/",
        f"/team/labels/{labels['opinion'].pk}/",
        "/team/tokens/",
        "/team/audit/",
        "/team/settings/",
        "/data/",
        "/admin/",
        f"/admin/auth/user/{reviewer.pk}/change/",
        f"/admin/annotations/article/{article.pk}/change/",
        "/admin/annotations/assignment/add/",
        "/admin/annotations/label/",
        "/does-not-exist/",
    ]:
        _visit(page, path)
    # The label colours reach the page through /labels.css, not style attributes.
    _visit(page, "/team/labels/")
    swatch = page.locator(".swatch").first
    assert swatch.evaluate("e => getComputedStyle(e).getPropertyValue('--label')").strip()
    _visit(page, "/api/docs/")
    expect(page.get_by_text("factcheck API").first).to_be_visible()
    # The language switcher submits on change, from a script file.
    page.goto("/")
    page.get_by_label("Language").select_option("de")
    expect(page.get_by_role("heading", name="Artikel")).to_be_visible()


def test_the_workspace_and_its_htmx_swaps_have_no_csp_violations(
    page, log_in, reviewer, article, csp_violations
):
    log_in(reviewer)
    _visit(page, f"/articles/{article.pk}/")
    page.keyboard.press("2")  # the Opinion shortcut on the first sentence: an htmx swap
    page.wait_for_selector('[data-position="0"].state-claimed')
    claim = page.locator('[data-position="0"] .claim').first
    # The label colour arrives through /labels.css: a coloured border, not the fallback.
    assert claim.evaluate("e => getComputedStyle(e).getPropertyValue('--label')").strip()
    _visit(page, "/accounts/login/")


def test_the_data_users_pages_have_no_csp_violations(
    page, log_in, data_user, admin_user, csp_violations
):
    services.token_create(user=data_user, name="nightly export", actor=admin_user)
    log_in(data_user)
    expect(page).to_have_url(re.compile(r"/data/$"))
    expect(page.get_by_text("nightly export")).to_be_visible()
    page.get_by_role("link", name="API documentation").click()
    expect(page.get_by_text("factcheck API").first).to_be_visible()
