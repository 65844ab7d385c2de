"""Articles and labels through the API: listing, reading, importing."""

import pytest

pytestmark = pytest.mark.django_db


def test_article_import_answers_201_with_text_and_sentences(client_for, admin_user):
    response = client_for(admin_user).post(
        "/api/articles/",
        {
            "text": "Erster Satz. Zweiter Satz.\r\n\r\nDritter Satz.",
            "title": "Titel",
            "url": "https://example.org/a",
            "published_on": "2025-08-16",
            "language": "de",
            "metadata": {"section": "Politik"},
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["text"] == "Erster Satz. Zweiter Satz.\n\nDritter Satz."
    assert body["title"] == "Titel"
    assert body["published_on"] == "2025-08-16"
    assert body["metadata"] == {"section": "Politik"}
    assert body["sentences"] == [
        {"id": body["sentences"][0]["id"], "position": 0, "paragraph": 0, "start": 0, "end": 12,
         "text": "Erster Satz."},
        {"id": body["sentences"][1]["id"], "position": 1, "paragraph": 0, "start": 13, "end": 26,
         "text": "Zweiter Satz."},
        {"id": body["sentences"][2]["id"], "position": 2, "paragraph": 1, "start": 28, "end": 41,
         "text": "Dritter Satz."},
    ]  # fmt: skip
    from annotations.models import Article

    assert Article.objects.get(pk=body["id"]).imported_by == admin_user


def test_article_import_of_the_same_text_answers_409_with_the_existing_id(
    client_for, admin_user, article
):
    response = client_for(admin_user).post(
        "/api/articles/", {"text": f"  {article.text}  "}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["id"] == article.pk
    assert f"already article {article.pk}" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "missing field 'text'"),
        ({"text": "   "}, "the text is empty"),
        ({"text": "Satz.", "colour": "red"}, "unknown field(s) colour"),
        ({"text": "Satz.", "url": "ftp://example.org"}, "not an http(s) URL"),
        ({"text": "Satz.", "published_on": "16.08.2025"}, "not a date in the form YYYY-MM-DD"),
        ({"text": "Satz.", "language": "fr"}, "unsupported language 'fr'"),
        ({"text": "Satz.", "metadata": [1]}, "'metadata' must be a JSON object"),
        ([{"text": "Satz."}], "expected a JSON object"),
    ],
)
def test_article_import_refuses_bad_input_with_the_reason(client_for, admin_user, body, message):
    response = client_for(admin_user).post("/api/articles/", body, format="json")
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_article_list_shows_metadata_without_text(client_for, data_user, article):
    response = client_for(data_user).get("/api/articles/")
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["id"] == article.pk
    assert item["title"] == "Gipfel in Alaska"
    assert item["sentence_count"] == 3
    assert "text" not in item
    assert response.json()["next"] is None


def test_article_list_pages_with_a_cursor(client_for, data_user, admin_user):
    from annotations.importing import ArticleData
    from annotations.services import article_import

    ids = [
        article_import(
            data=ArticleData(text=f"Text Nummer {n}."), imported_by=admin_user
        ).article.pk
        for n in range(5)
    ]
    client = client_for(data_user)
    first = client.get("/api/articles/?page_size=2").json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    seen = [a["id"] for page in (first, second, third) for a in page["results"]]
    assert seen == sorted(ids, reverse=True)
    assert third["next"] is None


def test_article_detail_has_offsets_into_the_text(client_for, reviewer, article):
    body = client_for(reviewer).get(f"/api/articles/{article.pk}/").json()
    for sentence in body["sentences"]:
        assert body["text"][sentence["start"] : sentence["end"]] == sentence["text"]


def test_missing_article_is_404(client_for, data_user):
    assert client_for(data_user).get("/api/articles/999999/").status_code == 404


def test_labels_list_every_label_in_order_with_inactive_ones(client_for, reviewer, labels):
    labels["opinion"].is_active = False
    labels["opinion"].save()
    body = client_for(reviewer).get("/api/labels/").json()
    assert [label["slug"] for label in body] == ["quoted_fact", "opinion", "editorial_framing"]
    assert [label["is_active"] for label in body] == [True, False, True]
    assert body[0]["description"].startswith("Zitat")


@pytest.mark.parametrize(
    "path", ["/api/labels/?colour=red", "/api/articles/?q=x", "/api/articles/1/?full=1"]
)
def test_unknown_query_parameters_are_refused_by_name(client_for, data_user, article, path):
    response = client_for(data_user).get(path.replace("/1/", f"/{article.pk}/"))
    assert response.status_code == 400
    name = path.split("?")[1].split("=")[0]
    assert "Unknown query parameter" in response.json()[name][0]
