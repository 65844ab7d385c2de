"""POST /api/articles/bulk/: many articles per request, each item's outcome reported."""

import pytest

from annotations.models import Article

pytestmark = pytest.mark.django_db
URL = "/api/articles/bulk/"


def test_bulk_import_stores_items_and_reports_duplicates_and_bad_items_by_index(
    client_for, admin_user, django_assert_max_num_queries
):
    client = client_for(admin_user)
    first = client.post(URL, [{"text": "Schon da. Wirklich."}], format="json").json()
    items = [
        {"text": "Neu 😀 hier. Zweiter Satz.", "title": "Eins"},
        {"text": "Schon da. Wirklich."},
        {"title": "ohne Text"},
        {"text": "Neu 😀 hier. Zweiter Satz."},
        *({"text": f"Artikel {n}. Mit Satz."} for n in range(200)),
    ]
    with django_assert_max_num_queries(20):
        response = client.post(URL, items, format="json")

    assert response.status_code == 200
    report = response.json()
    assert report["imported"][0] == {
        "index": 0,
        "id": report["imported"][0]["id"],
        "sentences": 2,
    }
    assert len(report["imported"]) == 201
    assert report["duplicates"] == [
        {"index": 1, "id": first["imported"][0]["id"]},
        {"index": 3, "id": report["imported"][0]["id"]},
    ]
    assert report["failed"] == [{"index": 2, "detail": "missing field 'text'"}]
    assert Article.objects.get(pk=report["imported"][0]["id"]).imported_by == admin_user


@pytest.mark.parametrize(
    "body",
    [{"text": "Kein Array."}, [], [{"text": "Gut. Ja."}, ["kein", "Objekt"]]],
    ids=["object", "empty", "item-not-an-object"],
)
def test_bulk_import_refuses_a_body_that_is_not_a_list_of_articles(client_for, admin_user, body):
    response = client_for(admin_user).post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert Article.objects.count() == 0


def test_bulk_import_is_for_admins_only(client_for, reviewer):
    response = client_for(reviewer).post(URL, [{"text": "Nein."}], format="json")
    assert response.status_code == 403
    assert Article.objects.count() == 0
