"""Team pages for assignments: bulk and balanced assigning, one article's panel, the list."""

import datetime
from collections import Counter

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from annotations import services
from annotations.models import Assignment
from annotations.permissions import REVIEWER
from annotations.selectors.assignments import assignments_for_article
from tests.team_data import (  # noqa: F401 (an autouse fixture)
    fast_password_hashing,
    make_articles,
    review_whole_article,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def team(django_user_model, password):
    from tests.conftest import make_user

    return [make_user(django_user_model, f"r{n}", password, REVIEWER) for n in (1, 2, 3)]


def test_bulk_page_lists_articles_to_pick_and_reviewers(admin_client, team):
    make_articles(3)
    html = admin_client.get(reverse("team_assignments_create")).content.decode()
    assert "Artikel 3" in html
    assert ">r1<" in html or "r1</label>" in html


def test_bulk_page_search_with_htmx_returns_the_picker(admin_client):
    make_articles(3)
    response = admin_client.get(
        reverse("team_assignments_create"), {"q": "Artikel 2"}, headers=HTMX
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="picker">')
    assert "Artikel 2" in html
    assert "Artikel 3" not in html


def test_these_articles_to_these_reviewers(admin_client, admin_user, team):
    articles = make_articles(20)
    response = admin_client.post(
        reverse("team_assignments_create"),
        {
            "articles": [a.pk for a in articles],
            "reviewers": [r.pk for r in team],
            "mode": "everyone",
            "due_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        },
        follow=True,
    )
    assert "Made 60 assignments." in response.content.decode()
    assert Assignment.objects.count() == 60
    assert Assignment.objects.filter(due_on__isnull=True).count() == 0


def test_each_article_to_two_reviewers_balanced(admin_client, team):
    articles = make_articles(20)
    admin_client.post(
        reverse("team_assignments_create"),
        {
            "articles": [a.pk for a in articles],
            "reviewers": [r.pk for r in team],
            "mode": "balanced",
            "per_article": 2,
        },
    )
    assert set(Counter(Assignment.objects.values_list("article", flat=True)).values()) == {2}
    loads = sorted(Counter(Assignment.objects.values_list("reviewer", flat=True)).values())
    assert loads == [13, 13, 14]


def test_all_articles_matching_the_search(admin_client, team):
    make_articles(4)
    make_articles(2, prefix="Bericht")
    admin_client.post(
        reverse("team_assignments_create"),
        {"all_matching": "on", "q": "Bericht", "reviewers": [team[0].pk], "mode": "everyone"},
    )
    titles = set(Assignment.objects.values_list("article__title", flat=True))
    assert titles == {"Bericht 1", "Bericht 2"}


def test_bulk_assignment_without_reviewers_or_articles_explains_what_is_missing(admin_client):
    response = admin_client.post(reverse("team_assignments_create"), {"mode": "everyone"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Select at least one reviewer." in html
    assert "Select at least one article." in html


def test_balanced_assignment_asking_for_too_many_reviewers_is_a_form_error(admin_client, team):
    articles = make_articles(2)
    response = admin_client.post(
        reverse("team_assignments_create"),
        {
            "articles": [a.pk for a in articles],
            "reviewers": [team[0].pk],
            "mode": "balanced",
            "per_article": 2,
        },
    )
    assert response.status_code == 422
    assert "only 1 is selected" in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_due_date_in_the_past_is_refused(admin_client, team):
    response = admin_client.post(
        reverse("team_assignments_create"),
        {
            "articles": [make_articles(1)[0].pk],
            "reviewers": [team[0].pk],
            "mode": "everyone",
            "due_on": "2000-01-01",
        },
    )
    assert response.status_code == 422
    assert "The due date is in the past." in response.content.decode()


def test_article_panel_assigns_one_reviewer_with_htmx(admin_client, reviewer, article):
    url = reverse("team_article_assignments", args=[article.pk])
    response = admin_client.post(url, {"reviewer": reviewer.pk}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<section id="article-assignments-{article.pk}"')
    assert "Assigned to rita." in html
    assert "0 of 3 sentences" in html
    assert Assignment.objects.get().reviewer == reviewer


def test_article_panel_plain_post_returns_to_the_page_it_came_from(admin_client, reviewer, article):
    back = reverse("article_detail", args=[article.pk])
    response = admin_client.post(
        reverse("team_article_assignments", args=[article.pk]),
        {"reviewer": reviewer.pk, "next": back},
    )
    assert response["Location"] == back


def test_article_panel_ignores_a_next_url_on_another_site(admin_client, reviewer, article):
    response = admin_client.post(
        reverse("team_article_assignments", args=[article.pk]),
        {"reviewer": reviewer.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("team_article_assignments", args=[article.pk])


def test_article_panel_does_not_offer_data_users_or_the_already_assigned(
    admin_client, admin_user, reviewer, other_reviewer, data_user, article
):
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    html = admin_client.get(reverse("team_article_assignments", args=[article.pk])).content.decode()
    options = html.split('name="reviewer"', 1)[1].split("</select>", 1)[0]
    assert ">otto<" in options
    assert ">rita<" not in options
    assert ">dora<" not in options


def test_article_panel_shows_each_reviewers_progress(admin_client, admin_user, team, labels):
    article = make_articles(1)[0]
    services.assignment_create_bulk(articles=[article], reviewers=team[:2], actor=admin_user)
    review_whole_article(article, team[0], labels["opinion"])
    services.sentence_mark_no_claim(sentence=article.sentences.all()[0], reviewer=team[1])
    html = admin_client.get(reverse("team_article_assignments", args=[article.pk])).content.decode()
    assert "done" in html
    assert "1 of 2 sentences" in html


def test_unassign_from_the_article_panel_with_htmx(admin_client, admin_user, reviewer, article):
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    response = admin_client.post(
        reverse("team_assignment_delete", args=[Assignment.objects.get().pk]),
        {"panel": "article"},
        headers=HTMX,
    )
    assert "rita is no longer assigned" in response.content.decode()
    assert "Nobody is assigned this article yet." in response.content.decode()
    assert not Assignment.objects.exists()


def test_unassign_from_the_list_with_a_plain_post(admin_client, admin_user, reviewer, article):
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    back = reverse("team_assignments")
    response = admin_client.post(
        reverse("team_assignment_delete", args=[Assignment.objects.get().pk]), {"next": back}
    )
    assert response["Location"] == back
    assert not Assignment.objects.exists()


def test_due_date_change_with_htmx_returns_the_row(admin_client, admin_user, reviewer, article):
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    assignment = Assignment.objects.get()
    response = admin_client.post(
        reverse("team_assignment_due", args=[assignment.pk]),
        {"due_on": "2031-05-01"},
        headers=HTMX,
    )
    assert response.content.decode().lstrip().startswith(f'<tr id="assignment-{assignment.pk}"')
    assignment.refresh_from_db()
    assert assignment.due_on == datetime.date(2031, 5, 1)


def test_assignment_list_filters_by_status(admin_client, admin_user, team, labels):
    done, untouched = make_articles(2)
    services.assignment_create_bulk(
        articles=[done, untouched], reviewers=[team[0]], actor=admin_user
    )
    review_whole_article(done, team[0], labels["opinion"])
    url = reverse("team_assignments")
    done_html = admin_client.get(url, {"status": "done"}).content.decode()
    assert "Artikel 1" in done_html
    assert "Artikel 2" not in done_html
    open_html = admin_client.get(url, {"status": "not_started"}).content.decode()
    assert "Artikel 2" in open_html
    assert "Artikel 1" not in open_html


def test_assignment_list_shows_overdue_assignments(admin_client, admin_user, reviewer, article):
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    Assignment.objects.update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    html = admin_client.get(reverse("team_assignments"), {"status": "overdue"}).content.decode()
    assert "Gipfel in Alaska" in html
    assert "overdue" in html


def test_assignment_list_with_htmx_returns_the_results(admin_client):
    response = admin_client.get(reverse("team_assignments"), headers=HTMX)
    assert response.content.decode().lstrip().startswith('<div id="results">')
    assert "HX-Request" in response["Vary"]


def test_the_article_partial_renders_for_the_article_page_without_a_form(
    admin_user, reviewer, article
):
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    request = RequestFactory().get(reverse("article_detail", args=[article.pk]))
    request.user = admin_user
    html = render_to_string(
        "annotations/team/_article_assignments.html",
        {"article": article, "assignments": assignments_for_article(article=article)},
        request=request,
    )
    assert "rita" in html
    assert "0 of 3 sentences" in html
    assert "Assign a reviewer" in html


def test_assignments_for_article_reports_progress(admin_user, reviewer, article, labels):
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    sentences = list(article.sentences.order_by("position"))
    services.annotation_create(sentence=sentences[0], reviewer=reviewer, label=labels["opinion"])
    services.annotation_create(
        sentence=sentences[0], reviewer=reviewer, label=labels["quoted_fact"]
    )
    [progress] = assignments_for_article(article=article)
    assert (progress.reviewer, progress.reviewed, progress.total) == (reviewer, 1, 3)
    assert not progress.done
    assert progress.percent == 33


def test_unassign_from_the_list_with_htmx_removes_the_row(
    admin_client, admin_user, reviewer, article
):
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    response = admin_client.post(
        reverse("team_assignment_delete", args=[Assignment.objects.get().pk]), headers=HTMX
    )
    assert response.status_code == 200
    assert response.content == b""
    assert not Assignment.objects.exists()


def test_due_date_change_with_a_plain_post_redirects_back(
    admin_client, admin_user, reviewer, article
):
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    assignment = Assignment.objects.get()
    back = reverse("team_assignments")
    response = admin_client.post(
        reverse("team_assignment_due", args=[assignment.pk]), {"due_on": "", "next": back}
    )
    assert response["Location"] == back
    assignment.refresh_from_db()
    assert assignment.due_on is None


def test_due_date_change_with_an_invalid_date_is_refused(
    admin_client, admin_user, reviewer, article
):
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    assignment = Assignment.objects.get()
    response = admin_client.post(
        reverse("team_assignment_due", args=[assignment.pk]), {"due_on": "soon"}, headers=HTMX
    )
    assert response.status_code == 422
    assert "Enter a valid date." in response.content.decode()


def test_no_reviewer_picker_offers_data_users(admin_client, reviewer, data_user):
    pages = [
        reverse("team_assignments"),
        reverse("team_assignments_create"),
        reverse("admin:annotations_assignment_add"),
    ]
    for page in pages:
        html = admin_client.get(page).content.decode()
        assert "rita" in html, page
        assert "dora" not in html, page


def test_an_assignment_added_in_the_django_admin_goes_through_the_service(
    admin_client, admin_user, reviewer, article
):
    from annotations.models import Assignment

    response = admin_client.post(
        reverse("admin:annotations_assignment_add"),
        {"article": article.pk, "reviewer": reviewer.pk, "due_on": "2030-01-31"},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.reviewer, assignment.assigned_by) == (reviewer, admin_user)
    audit = admin_client.get(reverse("team_audit"), {"kind": "assignment"}).content.decode()
    assert "alice" in audit and "rita" in audit
