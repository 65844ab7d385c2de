"""A long article's adjudication page opens with its first chunk and loads the rest as needed."""

import re

import pytest
from django.urls import reverse

from annotations.importing import ArticleData
from annotations.selectors.adjudication import CHUNK_SIZE
from annotations.services import annotation_create, article_import, gold_refresh

pytestmark = pytest.mark.django_db

SIZE = 2 * CHUNK_SIZE + 20


@pytest.fixture
def long_dispute(admin_user, reviewer, other_reviewer, labels):
    """Every sentence disputed: Rita says opinion, Otto quoted fact; an emoji in each."""
    text = " ".join(f"Satz {n} 😀 sagt etwas." for n in range(SIZE))
    data = ArticleData(text=text, title="Lang")
    article = article_import(data=data, imported_by=admin_user).article
    sentences = list(article.sentences.order_by("position"))
    for sentence in sentences:
        annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
        annotation_create(sentence=sentence, reviewer=other_reviewer, label=labels["quoted_fact"])
    gold_refresh()
    return article, sentences


def shown(html: str) -> list[int]:
    found = re.findall(r'<article class="adj-sentence[^"]*" id="adj-(\d+)"', html)
    return [int(pk) for pk in found]


def test_the_page_opens_with_one_chunk_and_counts_the_whole_article(client, curator, long_dispute):
    article, sentences = long_dispute
    client.force_login(curator)
    url = reverse("adjudication_article", args=[article.pk])
    html = client.get(url).content.decode()
    assert shown(html) == [s.pk for s in sentences[:CHUNK_SIZE]]
    assert f"{SIZE} sentences open of {SIZE}" in html
    assert f'hx-get="?all=0&amp;start={CHUNK_SIZE}"' in html
    assert f'href="?all=0&amp;upto={2 * CHUNK_SIZE}"' in html  # without JavaScript


def test_each_chunk_brings_the_next_sentences_and_the_last_has_no_sentinel(
    client, curator, long_dispute
):
    article, sentences = long_dispute
    client.force_login(curator)
    url = reverse("adjudication_article", args=[article.pk])
    second = client.get(url, {"all": "1", "start": CHUNK_SIZE}, headers={"HX-Request": "true"})
    assert second.status_code == 200
    assert shown(second.content.decode()) == [s.pk for s in sentences[CHUNK_SIZE : 2 * CHUNK_SIZE]]
    assert f"start={2 * CHUNK_SIZE}" in second.content.decode()
    last = client.get(url, {"all": "1", "start": 2 * CHUNK_SIZE}).content.decode()
    assert shown(last) == [s.pk for s in sentences[2 * CHUNK_SIZE :]]
    assert "data-chunk-sentinel" not in last


def test_a_link_to_a_later_sentence_opens_a_page_long_enough_to_hold_it(
    client, curator, long_dispute
):
    article, sentences = long_dispute
    client.force_login(curator)
    wanted = sentences[CHUNK_SIZE + 5]
    html = client.get(
        reverse("adjudication_article", args=[article.pk]), {"sentence": wanted.pk}
    ).content.decode()
    assert shown(html) == [s.pk for s in sentences[: 2 * CHUNK_SIZE]]
    queue = client.get(reverse("adjudication_queue")).content.decode()
    assert f"?sentence={sentences[0].pk}#adj-{sentences[0].pk}" in queue


def test_a_chunk_start_that_is_not_a_number_is_refused(client, curator, long_dispute):
    article, _sentences = long_dispute
    client.force_login(curator)
    url = reverse("adjudication_article", args=[article.pk])
    response = client.get(url, {"start": "-1"})
    assert response.status_code == 400
    assert b"'start' must be a sentence position" in response.content


def test_the_page_costs_the_same_queries_for_any_length(
    client, curator, long_dispute, django_assert_max_num_queries
):
    article, _sentences = long_dispute
    client.force_login(curator)
    url = reverse("adjudication_article", args=[article.pk])
    client.get(url)
    with django_assert_max_num_queries(20):
        client.get(url, {"all": "1", "upto": SIZE})
