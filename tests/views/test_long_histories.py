"""Team and staff pages read rows for what they show, not whole histories of claims and marks."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from annotations.importing import ArticleData
from annotations.models import Annotation, NoClaimMark, Sentence
from annotations.services import BulkRecord, article_import, articles_import_bulk
from tests.conftest import make_user
from tests.rows_read import rows_read

pytestmark = pytest.mark.django_db


def give_history(reviewer, labels, count: int, start: int) -> None:
    """``count`` claims and as many "no claim" marks on articles of their own, in bulk."""
    sentences = " ".join(f"Satz {n}." for n in range(20))
    report = articles_import_bulk(
        records=[
            BulkRecord(str(n), ArticleData(text=f"Verlauf {start + n}. {sentences}"))
            for n in range(count // 10)
        ]
    )
    ids = [o.article_id for o in report.imported if o.article_id is not None]
    rows = list(Sentence.objects.filter(article_id__in=ids).order_by("id"))
    label = labels["opinion"]
    Annotation.objects.bulk_create(
        Annotation(sentence=s, reviewer=reviewer, label=label, spans=[], revision=1)
        for s in rows[0::2][:count]
    )
    NoClaimMark.objects.bulk_create(
        NoClaimMark(sentence=s, reviewer=reviewer) for s in rows[1::2][:count]
    )


def test_staff_workspace_reads_the_same_rows_however_long_the_reviewers_histories(
    client, admin_user, reviewer, labels, django_user_model, password
):
    from annotations.services import annotation_create, sentence_mark_no_claim

    article = article_import(data=ArticleData(text="Eins. Zwei. Drei.")).article
    first, second, _ = article.sentences.order_by("position")
    annotation_create(sentence=first, reviewer=reviewer, label=labels["opinion"])
    sentence_mark_no_claim(sentence=second, reviewer=reviewer)
    client.force_login(admin_user)
    url = reverse("article_detail", args=[article.pk])

    give_history(reviewer, labels, 100, start=0)
    with rows_read() as short:
        assert client.get(url).status_code == 200
    give_history(reviewer, labels, 1000, start=1000)
    with rows_read() as long:
        assert client.get(url).status_code == 200
    # Joining a reviewer's claim history to their mark history read a million rows here.
    assert long.total - short.total < 200


def test_team_page_reads_rows_linear_in_the_work_it_counts(
    client, admin_user, labels, django_user_model, password
):
    team = [make_user(django_user_model, f"person{n}", password, "Reviewer") for n in range(10)]
    for person in team:
        give_history(person, labels, 20, start=team.index(person) * 100)
    client.force_login(admin_user)
    url = reverse("team_reviewers")
    with rows_read() as before:
        assert client.get(url).status_code == 200
    busy = team[0]
    give_history(busy, labels, 1000, start=5000)  # the newest work of all
    with rows_read() as after:
        assert client.get(url).status_code == 200
    # Counting the busy person's work reads it a few times; finding everyone else's latest
    # claim used to step over all of the busy person's newer ones, once per person.
    added = 2 * 1000
    assert after.total - before.total < 4 * added
    assert Group.objects.get(name="Reviewer").user_set.count() == 10
