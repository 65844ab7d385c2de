"""A curator's keyboard reaches past the sentences loaded so far on a long adjudication page."""

import pytest

from annotations.importing import ArticleData
from annotations.models import GoldSentence
from annotations.selectors.adjudication import CHUNK_SIZE
from annotations.services import annotation_create, article_import, gold_refresh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def long_dispute(admin_user, reviewer, other_reviewer, labels):
    text = " ".join(f"Satz {n} 🇩🇪 sagt etwas." for n in range(CHUNK_SIZE + 5))
    data = ArticleData(text=text, title="Lang")
    article = article_import(data=data, imported_by=admin_user).article
    sentences = list(article.sentences.order_by("position"))
    for sentence in sentences:
        annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
        annotation_create(sentence=sentence, reviewer=other_reviewer, label=labels["quoted_fact"])
    gold_refresh()
    return article, sentences


def test_j_on_the_last_loaded_sentence_loads_the_next_chunk_and_moves_on(
    page, log_in, curator, long_dispute
):
    article, sentences = long_dispute
    log_in(curator)
    last, following = sentences[CHUNK_SIZE - 1], sentences[CHUNK_SIZE]
    page.goto(f"/adjudication/articles/{article.pk}/#adj-{last.pk}")
    page.wait_for_selector(f"#adj-{last.pk}.is-current")
    # Scrolled to, the sentinel may already be loading the next chunk; j waits for it either way.
    page.keyboard.press("j")
    page.wait_for_selector(f"#adj-{following.pk}.is-current")
    assert page.locator("[data-adj-sentence]").count() == CHUNK_SIZE + 5


def test_a_decision_on_the_last_loaded_sentence_moves_to_the_next_open_one_beyond_it(
    page, log_in, curator, long_dispute
):
    article, sentences = long_dispute
    log_in(curator)
    last, following = sentences[CHUNK_SIZE - 1], sentences[CHUNK_SIZE]
    page.goto(f"/adjudication/articles/{article.pk}/#adj-{last.pk}")
    page.wait_for_selector(f"#adj-{last.pk}.is-current")
    # Scrolled into view, the sentinel loads the next chunk; the focus stays where it was.
    page.wait_for_selector(f"#adj-{following.pk}", state="attached")
    page.wait_for_timeout(100)
    assert page.locator(f"#adj-{last.pk}.is-current").count() == 1
    page.keyboard.press("1")  # take reviewer 1's claims
    page.wait_for_selector(f'#adj-{last.pk}[data-open="0"]')
    page.wait_for_selector(f"#adj-{following.pk}.is-current")
    assert GoldSentence.objects.get(sentence=last).state == GoldSentence.State.ADJUDICATED
