"""Machine suggestions in a real browser: accepted, edited and rejected by keyboard, by mouse and
by touch; they never look like claims, and only accepted ones become claims."""

import pytest

from annotations import services
from annotations.importing import ArticleData
from annotations.models import Annotation, Article, SuggestionDecision
from annotations.services.suggestions import suggestions_compute
from tests.suggestion_fakes import QuoteSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Merz sagte: »Wir schaffen das 🇩🇪.« Dann ging er.\n\n"
    "Scholz meinte: »Das reicht nicht.« Alle schwiegen.\n\n"
    "Merkel erwiderte: »Abwarten.« Ende."
)


@pytest.fixture
def quoted(admin_user) -> Article:
    article = services.article_import(
        data=ArticleData(text=TEXT, title="Zitate", language="de"), imported_by=admin_user
    ).article
    suggestions_compute(article_ids=[article.pk], sources=[QuoteSource()])
    return article


def row(page, position: int):
    return page.locator(f'[data-sentence][data-position="{position}"]')


def test_keyboard_accepts_edits_and_rejects_suggestions(page, log_in, reviewer, quoted):
    log_in(reviewer)
    page.goto(f"/articles/{quoted.pk}/")
    first = row(page, 0)
    # Distinct from a claim: dashed, tagged "Suggested", with its reason and source.
    suggestion = first.locator("[data-suggestion]")
    assert "SUGGESTED" in suggestion.inner_text() and "Zitat in »…«" in suggestion.inner_text()
    assert suggestion.evaluate("e => getComputedStyle(e).borderStyle") == "dashed"
    assert first.locator(".sentence-text .suggested").inner_text() == "»Wir schaffen das 🇩🇪.«"
    assert first.locator(".claims").count() == 0

    page.keyboard.press("a")
    page.wait_for_selector('[data-position="0"].state-claimed')
    claim = Annotation.objects.get()
    assert (claim.reviewer, claim.attributed_to) == (reviewer, "Friedrich Merz")
    assert claim.suggestion is not None
    assert row(page, 0).locator("[data-suggestion]").count() == 0

    # Edit first: Shift+A opens the editor with the speaker field focused.
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("Shift+A")
    speaker = row(page, 2).locator("input[name=attributed_to]")
    assert speaker.evaluate("e => e === document.activeElement")
    speaker.fill("Olaf Scholz")
    row(page, 2).locator("select[name=label]").select_option("opinion")
    row(page, 2).locator(".suggestion-edit").get_by_role("button", name="Accept").click()
    page.wait_for_selector('[data-position="2"].state-claimed')
    edited = Annotation.objects.get(sentence__position=2)
    assert (edited.label.slug, edited.attributed_to) == ("opinion", "Olaf Scholz")

    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.wait_for_function(
        "() => !document.querySelector('[data-position=\"4\"] [data-suggestion]')"
    )
    assert SuggestionDecision.objects.filter(verdict="rejected").count() == 1
    assert Annotation.objects.count() == 2
    assert row(page, 4).get_attribute("data-state") == "open"


def test_mouse_accepts_and_rejects(page, log_in, reviewer, quoted):
    log_in(reviewer)
    page.goto(f"/articles/{quoted.pk}/")
    row(page, 0).get_by_role("button", name="Accept suggestion Quoted fact").click()
    page.wait_for_selector('[data-position="0"].state-claimed')
    row(page, 2).get_by_role("button", name="Reject suggestion Quoted fact").click()
    page.wait_for_function(
        "() => !document.querySelector('[data-position=\"2\"] [data-suggestion]')"
    )
    assert Annotation.objects.count() == 1
    page.reload()
    assert row(page, 2).locator("[data-suggestion]").count() == 0  # rejected stays rejected


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_touch_edits_then_accepts(phone, password, reviewer, quoted):
    page = phone
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(reviewer.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").tap()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/articles/{quoted.pk}/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    row(page, 0).locator(".suggestion-edit summary").tap()
    row(page, 0).locator("textarea[name=note]").fill("geprüft")
    row(page, 0).locator(".suggestion-edit").get_by_role("button", name="Accept").tap()
    page.wait_for_selector('[data-position="0"].state-claimed')
    assert Annotation.objects.get().note == "geprüft"
