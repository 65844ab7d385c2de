"""Two reviewers disagree; a curator adjudicates by keyboard in a real browser; gold exports it."""

import json

import pytest

from annotations.importing import ArticleData
from annotations.models import GoldSentence
from annotations.services import annotation_create, article_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "🙂 Trump sagte, es gebe keine Krise. "
    "Die Lage sei faktisch verloren, schreibt die Redaktion. "
    "Das 🇩🇪 Team gewann."
)

# The on-screen box of ``word`` in the first reviewer column of a sentence.
WORD_BOX = """([id, word]) => {
  const text = document.querySelector(`#adj-${id} [data-sentence-text]`);
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
def disagreement(admin_user, reviewer, other_reviewer, labels):
    article = article_import(
        data=ArticleData(text=TEXT, title="Streit", language="de"), imported_by=admin_user
    ).article
    first, second, third = article.sentences.order_by("position")
    annotation_create(sentence=first, reviewer=reviewer, label=labels["opinion"])
    annotation_create(sentence=first, reviewer=other_reviewer, label=labels["quoted_fact"])
    annotation_create(sentence=second, reviewer=reviewer, label=labels["opinion"])
    annotation_create(
        sentence=second,
        reviewer=other_reviewer,
        label=labels["editorial_framing"],
        spans=[[13, 30]],
    )
    annotation_create(sentence=third, reviewer=reviewer, label=labels["quoted_fact"])
    annotation_create(sentence=third, reviewer=other_reviewer, label=labels["opinion"])
    return article, [first, second, third]


def test_curator_resolves_every_disagreement_by_keyboard(
    page, log_in, curator, disagreement, labels
):
    _article, (first, second, third) = disagreement
    log_in(curator)
    page.goto("/adjudication/")
    page.get_by_role("link", name="Streit").first.click()
    page.wait_for_selector(f"#adj-{first.pk}.is-current")

    # Sentence 1: reviewer 2 (otto, numbered by account) was right; the focus moves on.
    page.keyboard.press("2")
    page.wait_for_selector(f'#adj-{first.pk}[data-open="0"]')
    page.wait_for_selector(f"#adj-{second.pk}.is-current")

    # Sentence 2: a rationale, then the curator's own claim on »faktisch verloren«, selected
    # with the mouse after an emoji-free prefix, labelled by keyboard, saved with Ctrl+Enter.
    page.keyboard.press("r")
    page.keyboard.type("Die Redaktion rahmt, sie zitiert nicht.")
    page.keyboard.press("Escape")
    box = page.evaluate(WORD_BOX, [second.pk, "faktisch verloren"])
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 1, y, steps=5)
    page.mouse.up()
    spans = page.locator(f"#adj-{second.pk} [data-edit-spans]")
    assert spans.input_value() == "13-30"
    label = page.locator(f"#adj-{second.pk} [data-edit-label]")
    label.select_option(str(labels["editorial_framing"].pk))
    label.focus()
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f'#adj-{second.pk}[data-open="0"]')
    page.wait_for_selector(f"#adj-{third.pk}.is-current")

    # Sentence 3 (a flag before the words): "no claim".
    page.keyboard.press("0")
    page.wait_for_selector(f'#adj-{third.pk}[data-open="0"]')

    states = dict(GoldSentence.objects.values_list("sentence_id", "state"))
    assert states == {first.pk: "adjudicated", second.pk: "adjudicated", third.pk: "adjudicated"}

    body = page.request.get("/api/export/gold.jsonl").text()
    records = {row["id"]: row for row in map(json.loads, body.splitlines())}
    assert [c["label"] for c in records[first.pk]["gold"]["claims"]] == ["quoted_fact"]
    (own,) = records[second.pk]["gold"]["claims"]
    assert own["label"] == "editorial_framing"
    assert own["origin"] == "adjudicated"  # the same characters otto chose
    assert own["spans"][0]["text"] == "faktisch verloren"
    assert records[second.pk]["gold"]["rationale"] == "Die Redaktion rahmt, sie zitiert nicht."
    assert records[third.pk]["gold"]["no_claim"] is True
    assert records[third.pk]["gold"]["curator"] == curator.username


def test_curator_edits_a_gold_claims_characters_and_speaker_by_keyboard(
    page, log_in, curator, disagreement, labels
):
    article, (first, _second, _third) = disagreement
    log_in(curator)
    page.goto(f"/adjudication/articles/{article.pk}/")
    page.wait_for_selector(f"#adj-{first.pk}.is-current")
    page.keyboard.press("2")  # otto's quoted fact on the whole sentence
    page.wait_for_selector(f'#adj-{first.pk}[data-open="0"]')
    page.keyboard.press("k")
    page.wait_for_selector(f"#adj-{first.pk}.is-current")

    # e opens the editor on "which gold claim"; choosing it fills label, characters, speaker.
    page.keyboard.press("e")
    page.keyboard.press("ArrowDown")
    editor = page.locator(f"#adj-{first.pk} .adj-edit")
    assert editor.locator("[data-edit-label]").input_value() == str(labels["quoted_fact"].pk)
    assert editor.locator("[data-edit-spans]").input_value() == ""
    editor.locator("[data-edit-spans]").focus()
    page.keyboard.type("2-7")
    page.keyboard.press("Tab")
    page.keyboard.type("Trump")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f'#adj-{first.pk} .adj-gold li:has-text("— Trump")')

    body = page.request.get("/api/export/gold.jsonl").text()
    record = next(r for r in map(json.loads, body.splitlines()) if r["id"] == first.pk)
    (claim,) = record["gold"]["claims"]
    assert (claim["label"], claim["attributed_to"], claim["origin"]) == (
        "quoted_fact",
        "Trump",
        "curator",
    )
    assert claim["spans"][0]["text"] == "Trump"
    assert [s["reviewer"] for s in claim["sources"]] == ["otto"]


def test_selection_after_an_emoji_gives_code_point_offsets(page, log_in, curator, disagreement):
    article, (first, _second, _third) = disagreement
    log_in(curator)
    page.goto(f"/adjudication/articles/{article.pk}/")
    box = page.evaluate(WORD_BOX, [first.pk, "Trump"])
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 1, y, steps=5)
    page.mouse.up()
    # "🙂 " is two UTF-16 units but one code point before the space.
    assert page.locator(f"#adj-{first.pk} [data-edit-spans]").input_value() == "2-7"
