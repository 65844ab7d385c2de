"""The reviewer's queue: progress per article, filters, assigned articles first."""

import datetime

import pytest
from django.urls import reverse

from annotations.importing import ArticleData
from annotations.models import Assignment, WorkspaceSettings
from annotations.services import annotation_create, article_import, sentence_mark_no_claim

pytestmark = pytest.mark.django_db


def make_article(title: str, text: str, published: str = "2025-01-01"):
    return article_import(
        data=ArticleData(
            text=text, title=title, published_on=datetime.date.fromisoformat(published)
        )
    ).article


@pytest.fixture
def articles():
    return {
        "untouched": make_article("Untouched", "Eins. Zwei.", "2025-03-01"),
        "started": make_article("Started", "Drei. Vier.", "2025-02-01"),
        "finished": make_article("Finished", "Fünf. Sechs.", "2025-01-01"),
    }


@pytest.fixture
def progress(articles, reviewer, labels):
    started = articles["started"].sentences.get(position=0)
    annotation_create(sentence=started, reviewer=reviewer, label=labels["opinion"])
    for sentence in articles["finished"].sentences.all():
        sentence_mark_no_claim(sentence=sentence, reviewer=reviewer)


def titles(client, **params) -> list[str]:
    response = client.get(reverse("article_list"), params)
    return [article.title for article in response.context["page"].object_list]


def test_queue_shows_each_articles_progress_for_the_reviewer(client, reviewer, progress):
    client.force_login(reviewer)
    html = client.get(reverse("article_list")).content.decode()
    assert "0 / 2" in html and "1 / 2" in html and "2 / 2" in html
    assert "✓ done" in html


@pytest.mark.parametrize(
    ("status", "expected"),
    [("not_started", ["Untouched"]), ("in_progress", ["Started"]), ("done", ["Finished"])],
)
def test_queue_filters_by_progress(client, reviewer, progress, status, expected):
    client.force_login(reviewer)
    assert titles(client, status=status) == expected


def test_progress_is_per_reviewer(client, other_reviewer, progress):
    client.force_login(other_reviewer)
    assert titles(client, status="not_started") == ["Untouched", "Started", "Finished"]


def test_assigned_articles_come_first_soonest_due_first(client, reviewer, articles):
    Assignment.objects.create(
        article=articles["finished"], reviewer=reviewer, due_on=datetime.date(2025, 9, 1)
    )
    Assignment.objects.create(
        article=articles["started"], reviewer=reviewer, due_on=datetime.date(2025, 8, 1)
    )
    client.force_login(reviewer)
    assert titles(client) == ["Started", "Finished", "Untouched"]
    assert titles(client, assigned="on") == ["Started", "Finished"]
    assert "due " in client.get(reverse("article_list")).content.decode()


def test_without_open_access_reviewers_see_only_assigned_articles(client, reviewer, articles):
    WorkspaceSettings.objects.update(reviewers_may_open_unassigned=False)
    Assignment.objects.create(article=articles["started"], reviewer=reviewer)
    client.force_login(reviewer)
    assert titles(client) == ["Started"]
    untouched = reverse("article_detail", args=[articles["untouched"].pk])
    assert client.get(untouched).status_code == 403


def test_admins_see_every_article_even_without_open_access(client, admin_user, articles):
    WorkspaceSettings.objects.update(reviewers_may_open_unassigned=False)
    client.force_login(admin_user)
    assert len(titles(client)) == 3


def test_queue_links_to_the_next_unreviewed_sentence(client, reviewer, articles, progress):
    client.force_login(reviewer)
    html = client.get(reverse("article_list")).content.decode()
    assert reverse("workspace_next", args=[articles["started"].pk]) in html
    assert reverse("workspace_next", args=[articles["finished"].pk]) not in html


def test_users_without_a_role_are_told_to_ask_an_admin(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("article_list"))
    assert response.status_code == 403


def test_queue_query_count_does_not_grow_with_articles(
    client, reviewer, articles, django_assert_max_num_queries
):
    client.force_login(reviewer)
    for number in range(20):
        make_article(f"Extra {number}", f"Satz {number}. Noch einer {number}.")
    with django_assert_max_num_queries(7):
        client.get(reverse("article_list"))


def test_the_403_page_says_why(client, outsider):
    client.force_login(outsider)
    assert "Ask an admin to give you one." in client.get(reverse("article_list")).content.decode()


def test_queue_reads_rows_for_its_page_not_for_every_sentence_of_the_corpus(
    client, reviewer, labels
):
    from annotations.services import BulkRecord, articles_import_bulk
    from tests.rows_read import rows_read

    def add_articles(start: int, count: int) -> None:
        sentences = " ".join(f"Satz {n}." for n in range(40))
        articles_import_bulk(
            records=[
                BulkRecord(str(n), ArticleData(text=f"Artikel {n}. {sentences}", title=str(n)))
                for n in range(start, start + count)
            ]
        )

    client.force_login(reviewer)
    add_articles(0, 60)
    with rows_read() as small:
        client.get(reverse("article_list"))
    add_articles(60, 240)  # four times the articles, 9,600 more sentences
    with rows_read() as large:
        client.get(reverse("article_list"))
    # Counting the list reads each article once; nothing reads their sentences beyond the page.
    assert large.total - small.total <= 3 * 240
