"""Claims made with the mouse and by touch store exactly the words the reviewer saw highlighted:
after emoji, flags and combining marks, across a sentence's end, and on a phone-sized screen."""

import json

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from annotations.importing import ArticleData
from annotations.models import Annotation
from annotations.services import article_import, token_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# "😀😀😀", a flag, a family joined with ZWJ and a "g̃" made with a combining tilde come first.
EMOJI_TEXT = (
    "😀😀😀 🇩🇪 👨‍👩‍👧 Ag\u0303ua: Frau Merkel sagte am Montag, sie bleibe. "
    "Der Kanzler widersprach ihr am Dienstag deutlich.\n\n"
    "Danach sprach niemand mehr darüber."
)

# Selects the n-th occurrence of ``from`` up to the end of ``to`` (in the same or a later
# sentence), the way a drag would, by DOM range.
SELECT = """([fromPosition, fromWord, toPosition, toWord]) => {
  const find = (position, word) => {
    const text = document.querySelector(`[data-position="${position}"] [data-sentence-text]`);
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.indexOf(word);
      if (at >= 0) return [node, at];
    }
    throw new Error(`no ${word} in sentence ${position}`);
  };
  const [startNode, start] = find(fromPosition, fromWord);
  const [endNode, end] = find(toPosition, toWord);
  window.getSelection().setBaseAndExtent(startNode, start, endNode, end + toWord.length);
}"""

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
def emoji_article(admin_user):
    data = ArticleData(text=EMOJI_TEXT, title="Emoji vor dem Zitat", language="de")
    return article_import(data=data, imported_by=admin_user).article


def row(page, position: int):
    return page.locator(f'[data-sentence][data-position="{position}"]')


def drag(page, from_position: int, from_word: str, to_position: int, to_word: str) -> None:
    start = page.evaluate(WORD_BOX, [from_position, from_word])
    end = page.evaluate(WORD_BOX, [to_position, to_word])
    page.mouse.move(start["x"] + 1, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] - 1, end["y"] + end["height"] / 2, steps=8)
    page.mouse.up()


def exported_quotes(reviewer, admin_user) -> list[list[str]]:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {token_create(user=admin_user, name='t', actor=admin_user).key}"
    )
    response = client.get("/api/export/annotations.jsonl")
    lines = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    return [[span["text"] for span in json.loads(line)["spans"]] for line in lines]


def test_select_then_click_a_label_button_after_emoji_stores_the_selection(
    page, log_in, reviewer, admin_user, emoji_article
):
    log_in(reviewer)
    page.goto(f"/articles/{emoji_article.pk}/")
    drag(page, 0, "Merkel", 0, "Merkel")
    expect(row(page, 0).locator("[data-pending-text]")).to_have_text("«Merkel»")
    row(page, 0).get_by_role("button", name="Opinion").click()
    page.wait_for_selector('[data-position="0"] .claims q')
    assert row(page, 0).locator(".claims q").inner_text() == "Merkel"
    claim = Annotation.objects.get()
    assert claim.span_texts == ["Merkel"]
    assert exported_quotes(reviewer, admin_user) == [["Merkel"]]

    # The flag, the family and the combined "g̃" are whole characters in a claim as well.
    page.evaluate(SELECT, [0, "🇩🇪", 0, "Ag\u0303ua"])
    page.keyboard.press("2")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-position=\"0\"] .claims q').length === 2"
    )
    texts = sorted(tuple(a.span_texts) for a in Annotation.objects.all())
    assert texts == [("Merkel",), ("🇩🇪 👨‍👩‍👧 Ag\u0303ua",)]


def test_ctrl_adds_a_second_range_and_a_drag_into_the_next_sentence_is_cut_back(
    page, log_in, reviewer, emoji_article
):
    log_in(reviewer)
    page.goto(f"/articles/{emoji_article.pk}/")
    drag(page, 0, "Frau", 0, "Frau")
    page.keyboard.down("Control")
    drag(page, 0, "bleibe", 0, "bleibe")
    page.keyboard.up("Control")
    row(page, 0).get_by_role("button", name="Quoted fact").click()
    page.wait_for_selector('[data-position="0"] .claims q')
    assert Annotation.objects.get().span_texts == ["Frau", "bleibe"]

    # From "Montag" in sentence 1 into sentence 2: only sentence 1's words are kept and shown.
    drag(page, 0, "Montag", 1, "Kanzler")
    expect(row(page, 0).locator("[data-pending-text]")).to_have_text("«Montag, sie bleibe.»")
    assert page.evaluate("() => window.getSelection().toString()") == "Montag, sie bleibe."
    page.keyboard.press("2")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-position=\"0\"] .claims q').length === 2"
    )
    stored = Annotation.objects.get(label__slug="opinion")
    assert (stored.sentence.position, stored.span_texts) == (0, ["Montag, sie bleibe."])
    assert not Annotation.objects.filter(sentence__position=1).exists()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_on_a_phone_nothing_overflows_and_every_kind_of_claim_is_made_by_touch(
    phone, password, reviewer, emoji_article
):
    page = phone
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(reviewer.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").tap()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/articles/{emoji_article.pk}/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    header = page.locator(".workspace-head").bounding_box()
    assert header["height"] < 844 * 0.2

    # A whole sentence: tap the sentence, then its label button.
    row(page, 1).locator("[data-sentence-text]").tap()
    row(page, 1).get_by_role("button", name="Opinion").tap()
    page.wait_for_selector('[data-position="1"].state-claimed')
    assert Annotation.objects.get().spans == []

    # Words: select (as a long press would), then tap a label button.
    row(page, 0).locator("[data-sentence-text]").tap()
    page.evaluate(SELECT, [0, "Merkel", 0, "Merkel"])
    row(page, 0).get_by_role("button", name="Quoted fact").tap()
    page.wait_for_selector('[data-position="0"] .claims q')
    assert Annotation.objects.get(sentence__position=0).span_texts == ["Merkel"]

    # Two ranges: select, tap "Add another range", select again, tap a label button.
    page.evaluate(SELECT, [0, "Frau", 0, "Frau"])
    row(page, 0).get_by_role("button", name="Add another range").tap()
    page.evaluate(SELECT, [0, "Montag", 0, "Montag"])
    expect(row(page, 0).locator("[data-pending-text]")).to_have_text("«Frau» … «Montag»")
    row(page, 0).get_by_role("button", name="Editorial framing").tap()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-position=\"0\"] .claims q').length === 2"
    )
    framing = Annotation.objects.get(label__slug="editorial_framing")
    assert framing.span_texts == ["Frau", "Montag"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def not_covered(page, position: int) -> bool:
    return page.evaluate(
        """(position) => {
          const head = document.querySelector('.workspace-head').getBoundingClientRect();
          const row = document.querySelector(`[data-position="${position}"]`)
            .getBoundingClientRect();
          return row.top >= head.bottom - 1 && row.bottom <= window.innerHeight + 1;
        }""",
        position,
    )


def test_the_sticky_header_never_covers_the_current_sentence(page, log_in, reviewer, admin_user):
    text = "\n\n".join(f"Satz {n} steht hier und sagt etwas über den Tag {n}." for n in range(60))
    article = article_import(data=ArticleData(text=text), imported_by=admin_user).article
    log_in(reviewer)
    page.set_viewport_size({"width": 1024, "height": 600})
    page.goto(f"/articles/{article.pk}/?focus=30")
    page.wait_for_selector('[data-position="30"].current')
    assert not_covered(page, 30)
    for position in range(29, 20, -1):
        page.keyboard.press("k")
        assert not_covered(page, position)
    for position in range(22, 40):
        page.keyboard.press("j")
        assert not_covered(page, position)
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(f"/articles/{article.pk}/?focus=45")
    assert not_covered(page, 45)
    page.keyboard.press("k")
    assert not_covered(page, 44)


def test_e_picks_a_claim_and_puts_the_cursor_in_its_editor_h_and_esc_close_history(
    page, log_in, reviewer, emoji_article
):
    log_in(reviewer)
    page.goto(f"/articles/{emoji_article.pk}/")
    page.keyboard.press("1")
    page.wait_for_selector('[data-position="0"].state-claimed')
    page.keyboard.press("2")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-position=\"0\"] .claims .claim').length === 2"
    )
    page.keyboard.press("e")
    assert "Press its number" in page.locator("#toast").inner_text()
    page.keyboard.press("2")
    speaker = page.get_by_label("Attributed to")
    speaker.wait_for()
    # The cursor lands in the speaker field once htmx has settled the editor, and the page stays
    # the workspace: the editor opens in place, not as the full edit page.
    page.wait_for_function("() => document.activeElement?.name === 'attributed_to'")
    assert page.url.split("#")[0].endswith(f"/articles/{emoji_article.pk}/")
    page.keyboard.type("Angela Merkel")
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-position="0"] .speaker')
    assert Annotation.objects.get(label__slug="opinion").attributed_to == "Angela Merkel"

    # The next speaker field offers the speakers already used.
    page.keyboard.press("j")
    page.keyboard.press("1")
    page.wait_for_selector('[data-position="1"].state-claimed')
    page.keyboard.press("e")
    page.get_by_label("Attributed to").wait_for()
    options = page.locator("#speaker-suggestions option").evaluate_all(
        "(options) => options.map((o) => o.value)"
    )
    assert options == ["Angela Merkel"]
    page.keyboard.press("Escape")
    if page.locator(".claim.editing").count():
        # Chromium may have opened the field's list of speakers; Esc closes that first, as in
        # any browser, and the next Esc the editor.
        page.wait_for_timeout(300)
        if page.locator(".claim.editing").count():
            page.keyboard.press("Escape")
    page.wait_for_selector(".claim.editing", state="detached")

    page.keyboard.press("h")
    history = row(page, 1).locator(".history-list")
    history.wait_for()
    page.keyboard.press("h")
    history.wait_for(state="detached")
    page.keyboard.press("h")
    history.wait_for()
    page.keyboard.press("Escape")
    history.wait_for(state="detached")
