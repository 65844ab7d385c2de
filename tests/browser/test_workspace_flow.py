"""A reviewer's session in the workspace, in a real browser: keys, mouse selections, persistence."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from annotations.models import Annotation, Article, NoClaimMark

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "workspace.png"

# Returns the on-screen box of the n-th occurrence of ``word`` in the sentence at ``position``.
WORD_BOX = """([position, word]) => {
  const text = document.querySelector(`[data-position="${position}"] [data-sentence-text]`);
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent.indexOf(word);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      const box = range.getBoundingClientRect();
      return {x: box.x, y: box.y, width: box.width, height: box.height};
    }
  }
  return null;
}"""


@pytest.fixture
def seed_article(django_db_blocker) -> Article:
    call_command("import_articles", "seeds", quiet=True, stdout=StringIO())
    return Article.objects.get()


def drag_over(page, position: int, word: str, *, control: bool = False) -> None:
    box = page.evaluate(WORD_BOX, [position, word])
    y = box["y"] + box["height"] / 2
    if control:
        page.keyboard.down("Control")
    page.mouse.move(box["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 1, y, steps=5)
    page.mouse.up()
    if control:
        page.keyboard.up("Control")


def row(page, position: int):
    return page.locator(f'[data-sentence][data-position="{position}"]')


def test_reviewer_labels_by_keyboard_and_mouse_and_everything_persists(
    page, log_in, reviewer, seed_article
):
    log_in(reviewer)
    page.goto(f"/articles/{seed_article.pk}/")
    page.keyboard.press("j")  # to sentence 1: "Am 15. August empfing …"
    page.keyboard.press("3")
    page.wait_for_selector('[data-position="1"].state-claimed')
    page.keyboard.press("j")
    page.keyboard.press("0")
    page.wait_for_selector('[data-position="2"].state-no-claim')
    page.keyboard.press("ArrowDown")
    page.keyboard.press("2")
    page.wait_for_selector('[data-position="3"].state-claimed')
    assert "3 / 23 reviewed" in page.locator("#progress").inner_text()

    # "faktisch … verloren": two selections, the second with Ctrl held, then the label key.
    drag_over(page, 3, "faktisch")
    drag_over(page, 3, "verloren", control=True)
    page.keyboard.press("3")
    page.wait_for_selector('[data-position="3"] .claims q')
    assert row(page, 3).locator(".claims q").inner_text() == "faktisch … verloren"

    # A speaker for the quotation in sentence 5: label it, then edit the claim.
    row(page, 5).click()
    page.keyboard.press("1")
    page.wait_for_selector('[data-position="5"].state-claimed')
    page.keyboard.press("e")
    page.get_by_label("Attributed to").fill("Donald Trump")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector('[data-position="5"] .speaker')

    page.reload()
    assert "said by Donald Trump" in row(page, 5).inner_text()
    assert row(page, 3).locator(".claims q").inner_text() == "faktisch … verloren"
    assert row(page, 2).get_attribute("data-state") == "no-claim"
    assert "4 / 23 reviewed" in page.locator("#progress").inner_text()
    framing = Annotation.objects.get(label__slug="editorial_framing", sentence__position=3)
    assert framing.span_texts == ["faktisch", "verloren"]
    assert NoClaimMark.objects.filter(reviewer=reviewer).count() == 1
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT)

    page.keyboard.press("u")  # undoes the speaker
    page.wait_for_function("() => !document.querySelector('[data-position=\"5\"] .speaker')")
    assert Annotation.objects.get(sentence__position=5).attributed_to == ""

    with page.expect_navigation():
        page.get_by_label("Language").select_option("de")
    assert "überprüft" in page.locator("#progress").inner_text()
    assert page.locator("html").get_attribute("lang") == "de"


def test_help_dialog_opens_with_question_mark(page, log_in, reviewer, seed_article):
    log_in(reviewer)
    page.goto(f"/articles/{seed_article.pk}/")
    page.keyboard.press("?")
    assert page.get_by_role("dialog").is_visible()
    assert page.get_by_text("Undo your last action").is_visible()
    page.keyboard.press("Escape")
    assert not page.get_by_role("dialog").is_visible()


def test_a_server_error_shows_a_message_and_keeps_the_place(page, log_in, reviewer, seed_article):
    log_in(reviewer)
    page.goto(f"/articles/{seed_article.pk}/")
    page.route("**/claims/", lambda route: route.fulfill(status=500, body="boom"))
    page.keyboard.press("j")
    page.keyboard.press("1")
    toast = page.locator("#toast")
    toast.wait_for()
    assert "could not save" in toast.inner_text()
    assert row(page, 1).get_attribute("class").count("current") == 1
