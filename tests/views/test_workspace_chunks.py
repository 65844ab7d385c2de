"""Long articles open with their first chunk of sentences and load the rest as the reviewer goes."""

import re

import pytest
from django.urls import reverse

from annotations.importing import ArticleData
from annotations.selectors.workspace import CHUNK_SIZE
from annotations.services import article_import, sentence_mark_no_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_article():
    text = " ".join(f"Satz {n} 😀 steht hier." for n in range(2 * CHUNK_SIZE + 50))
    return article_import(data=ArticleData(text=text, title="Lang")).article


def positions(html: str) -> list[int]:
    return [int(p) for p in re.findall(r'data-position="(\d+)"', html)]


def test_a_long_article_opens_with_its_first_chunk_and_a_sentinel_for_the_next(
    client, reviewer, long_article, django_assert_max_num_queries
):
    client.force_login(reviewer)
    sentence_mark_no_claim(sentence=long_article.sentences.get(position=0), reviewer=reviewer)
    # 13: the page also reads the gold settings (may the reviewer compare with gold?).
    with django_assert_max_num_queries(13):
        html = client.get(reverse("article_detail", args=[long_article.pk])).content.decode()
    assert positions(html) == list(range(CHUNK_SIZE))
    chunk_url = reverse("article_chunk", args=[long_article.pk])
    assert f'hx-get="{chunk_url}?start={CHUNK_SIZE}"' in html
    assert 'hx-trigger="revealed, load-chunk"' in html
    # Progress counts the whole article, not the chunk shown.
    assert f"1 / {2 * CHUNK_SIZE + 50} reviewed" in html


def test_the_chunks_follow_each_other_and_the_last_has_no_sentinel(client, reviewer, long_article):
    client.force_login(reviewer)
    url = reverse("article_chunk", args=[long_article.pk])
    second = client.get(url, {"start": CHUNK_SIZE}, headers={"HX-Request": "true"})
    assert second.status_code == 200
    assert positions(second.content.decode()) == list(range(CHUNK_SIZE, 2 * CHUNK_SIZE))
    assert f"?start={2 * CHUNK_SIZE}" in second.content.decode()
    last = client.get(url, {"start": 2 * CHUNK_SIZE}).content.decode()
    assert positions(last) == list(range(2 * CHUNK_SIZE, 2 * CHUNK_SIZE + 50))
    assert "data-chunk-sentinel" not in last


def test_a_focus_beyond_the_first_chunk_opens_the_page_far_enough_to_show_it(
    client, reviewer, long_article
):
    client.force_login(reviewer)
    url = reverse("article_detail", args=[long_article.pk])
    html = client.get(url, {"focus": CHUNK_SIZE + 10}).content.decode()
    assert positions(html)[-1] == 2 * CHUNK_SIZE - 1
    # Without JavaScript the sentinel is a link that shows one chunk more.
    assert f"?upto={2 * CHUNK_SIZE}" in client.get(url).content.decode()


@pytest.mark.parametrize("start", ["", "-1", "zwei", "9" * 12])
def test_a_chunk_needs_a_sentence_position(client, reviewer, long_article, start):
    client.force_login(reviewer)
    url = reverse("article_chunk", args=[long_article.pk])
    assert client.get(url, {"start": start}).status_code == 400


def test_chunks_are_closed_to_users_without_a_role(client, outsider, long_article):
    client.force_login(outsider)
    url = reverse("article_chunk", args=[long_article.pk])
    assert client.get(url, {"start": 0}).status_code == 403
