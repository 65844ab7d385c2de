"""Browser: the keyboard reaches sentences of a long article that are not loaded yet."""

import pytest

from annotations.importing import ArticleData
from annotations.models import NoClaimMark
from annotations.selectors.workspace import CHUNK_SIZE
from annotations.services import article_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def long_article(reviewer):
    text = " ".join(f"Satz {n} 😀 steht hier." for n in range(CHUNK_SIZE + 30))
    article = article_import(data=ArticleData(text=text, title="Lang")).article
    # The whole first chunk is reviewed: the next open sentence is in the second.
    NoClaimMark.objects.bulk_create(
        NoClaimMark(sentence=s, reviewer=reviewer)
        for s in article.sentences.filter(position__lt=CHUNK_SIZE)
    )
    return article


def test_n_and_j_move_into_the_next_chunk_loading_it_first(page, log_in, reviewer, long_article):
    log_in(reviewer)
    page.goto(f"/articles/{long_article.pk}/")
    assert page.locator("[data-sentence]").count() == CHUNK_SIZE

    page.keyboard.press("n")
    focused = page.locator(f'[data-position="{CHUNK_SIZE}"]')
    focused.wait_for()
    page.wait_for_function(
        "p => document.activeElement?.dataset?.position === p", arg=str(CHUNK_SIZE)
    )
    assert page.locator("[data-sentence]").count() == CHUNK_SIZE + 30
    assert page.locator("[data-chunk-sentinel]").count() == 0

    page.keyboard.press("j")
    page.wait_for_function(
        "p => document.activeElement?.dataset?.position === p", arg=str(CHUNK_SIZE + 1)
    )
