"""Claims through the API: making, reading, changing and deleting them, lists and filters."""

import datetime

import pytest

from annotations.models import Annotation, AnnotationEvent, NoClaimMark

pytestmark = pytest.mark.django_db


def test_annotation_create_on_ranges_answers_201_with_the_claim(client_for, reviewer, sentences):
    response = client_for(reviewer).post(
        "/api/annotations/",
        {
            "sentence": sentences[0].pk,
            "label": "quoted_fact",
            "spans": [[19, 24], [0, 2]],
            "attributed_to": " Donald Trump ",
            "note": "prüfen",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["spans"] == [[0, 2], [19, 24]]
    assert body["quotes"] == ["Am", "Trump"]
    assert body["whole_sentence"] is False
    assert body["attributed_to"] == "Donald Trump"
    assert body["reviewer"] == "rita"
    assert body["label"] == "quoted_fact"
    assert body["article"] == sentences[0].article_id
    assert body["revision"] == 1
    assert response["ETag"] == '"1"'


def test_annotation_create_of_a_whole_sentence(client_for, reviewer, sentences):
    body = client_for(reviewer).post(
        "/api/annotations/", {"sentence": sentences[1].pk, "label": "opinion"}, format="json"
    )
    assert body.status_code == 201
    assert body.json()["spans"] == []
    assert body.json()["whole_sentence"] is True
    assert body.json()["quotes"] == ["Es gab keine Erklärung."]


def test_annotation_create_twice_answers_200_with_the_stored_claim(client_for, reviewer, sentences):
    client = client_for(reviewer)
    payload = {"sentence": sentences[0].pk, "label": "opinion", "spans": [[0, 2]]}
    first = client.post("/api/annotations/", payload, format="json")
    second = client.post("/api/annotations/", payload, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert Annotation.objects.count() == 1


def test_annotation_create_ignores_a_reviewer_in_the_payload(client_for, reviewer, sentences):
    response = client_for(reviewer).post(
        "/api/annotations/",
        {"sentence": sentences[0].pk, "label": "opinion", "reviewer": "otto"},
        format="json",
    )
    assert response.json()["reviewer"] == "rita"


def test_annotation_create_records_the_token_user_in_the_history(client_for, reviewer, sentences):
    client_for(reviewer).post(
        "/api/annotations/", {"sentence": sentences[0].pk, "label": "opinion"}, format="json"
    )
    event = AnnotationEvent.objects.get()
    assert event.pgh_context.metadata["user"] == reviewer.pk


def test_annotation_create_removes_the_no_claim_mark(client_for, other_reviewer, otto_no_claim):
    client_for(other_reviewer).post(
        "/api/annotations/",
        {"sentence": otto_no_claim.sentence_id, "label": "opinion"},
        format="json",
    )
    assert not NoClaimMark.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"label": "fact"}, "label", "Unknown label “fact”; labels are: editorial_framing"),
        ({"label": 3}, "label", "slug as a string"),
        ({"spans": [[0, 99]]}, "detail", "outside the sentence"),
        ({"spans": [[5, 5]]}, "detail", "is empty"),
        ({"spans": [[0, 5], [3, 8]]}, "detail", "overlaps"),
        ({"spans": [[0, 5, 7]]}, "spans", "no more than 2"),
        ({"spans": "0-5"}, "spans", "Expected a list"),
        ({"sentence": 999999}, "sentence", "No sentence with id 999999."),
        ({"sentence": None}, "sentence", "may not be null"),
    ],
)
def test_annotation_create_refuses_bad_input_with_a_reason(
    client_for, reviewer, sentences, payload, field, message
):
    body = {"sentence": sentences[0].pk, "label": "opinion", **payload}
    response = client_for(reviewer).post("/api/annotations/", body, format="json")
    assert response.status_code == 400
    reason = response.json()[field]
    assert message in (reason if isinstance(reason, str) else str(reason))
    assert not Annotation.objects.exists()


def test_annotation_create_with_an_inactive_label_is_refused(
    client_for, reviewer, sentences, labels
):
    labels["opinion"].is_active = False
    labels["opinion"].save()
    response = client_for(reviewer).post(
        "/api/annotations/", {"sentence": sentences[0].pk, "label": "opinion"}, format="json"
    )
    assert response.status_code == 400
    assert "no longer in use" in response.json()["detail"]


def test_annotation_read_has_the_revision_as_etag(client_for, reviewer, rita_claim):
    response = client_for(reviewer).get(f"/api/annotations/{rita_claim.pk}/")
    assert response.status_code == 200
    assert response.json()["quotes"] == ["Am", "Trump"]
    assert response["ETag"] == '"1"'


def test_annotation_update_changes_fields_and_bumps_the_revision(client_for, reviewer, rita_claim):
    response = client_for(reviewer).patch(
        f"/api/annotations/{rita_claim.pk}/",
        {"label": "opinion", "spans": None, "note": "neu", "revision": 1},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["label"], body["spans"], body["note"], body["revision"]) == (
        "opinion",
        [],
        "neu",
        2,
    )
    assert response["ETag"] == '"2"'


def test_annotation_update_of_a_stale_revision_is_409_with_the_current_claim(
    client_for, reviewer, rita_claim
):
    client = client_for(reviewer)
    client.patch(f"/api/annotations/{rita_claim.pk}/", {"note": "Tab eins"}, format="json")
    response = client.patch(
        f"/api/annotations/{rita_claim.pk}/", {"note": "Tab zwei", "revision": 1}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["current"]["note"] == "Tab eins"
    assert response.json()["current"]["revision"] == 2
    assert "changed in the meantime" in response.json()["detail"]
    assert Annotation.objects.get().note == "Tab eins"


def test_annotation_update_honours_if_match(client_for, reviewer, rita_claim):
    client = client_for(reviewer)
    stale = client.patch(
        f"/api/annotations/{rita_claim.pk}/", {"note": "x"}, format="json", HTTP_IF_MATCH='"7"'
    )
    fresh = client.patch(
        f"/api/annotations/{rita_claim.pk}/", {"note": "y"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert (stale.status_code, fresh.status_code) == (409, 200)
    assert fresh.json()["note"] == "y"


def test_annotation_update_with_a_malformed_if_match_is_400(client_for, reviewer, rita_claim):
    response = client_for(reviewer).patch(
        f"/api/annotations/{rita_claim.pk}/", {"note": "x"}, format="json", HTTP_IF_MATCH="abc"
    )
    assert response.status_code == 400
    assert "If-Match" in response.json()


def test_annotation_update_into_an_existing_claim_is_refused(
    client_for, reviewer, rita_claim, labels
):
    from annotations.services import annotation_create

    annotation_create(sentence=rita_claim.sentence, reviewer=reviewer, label=labels["opinion"])
    response = client_for(reviewer).patch(
        f"/api/annotations/{rita_claim.pk}/", {"label": "opinion", "spans": []}, format="json"
    )
    assert response.status_code == 400
    assert "already have the same claim" in response.json()["detail"]


def test_admin_cannot_change_a_reviewers_claim(client_for, admin_user, rita_claim):
    response = client_for(admin_user).patch(
        f"/api/annotations/{rita_claim.pk}/", {"note": "x"}, format="json"
    )
    assert response.status_code == 403
    assert "only its reviewer" in response.json()["detail"]


def test_annotation_delete_with_a_stale_if_match_is_409_and_keeps_the_claim(
    client_for, reviewer, rita_claim
):
    client = client_for(reviewer)
    stale = client.delete(f"/api/annotations/{rita_claim.pk}/", HTTP_IF_MATCH='"5"')
    assert stale.status_code == 409
    assert Annotation.objects.exists()
    gone = client.delete(f"/api/annotations/{rita_claim.pk}/", HTTP_IF_MATCH='"1"')
    assert gone.status_code == 204
    assert not Annotation.objects.exists()


def test_reviewers_list_only_their_own_claims(
    client_for, reviewer, other_reviewer, rita_claim, otto_claim
):
    rita = client_for(reviewer).get("/api/annotations/").json()["results"]
    otto = client_for(other_reviewer).get("/api/annotations/").json()["results"]
    assert [a["id"] for a in rita] == [rita_claim.pk]
    assert [a["id"] for a in otto] == [otto_claim.pk]


def test_data_users_list_everyones_claims_newest_first(
    client_for, data_user, rita_claim, otto_claim
):
    results = client_for(data_user).get("/api/annotations/").json()["results"]
    assert [a["id"] for a in results] == [otto_claim.pk, rita_claim.pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("reviewer=otto", ["otto"]),
        ("label=editorial_framing", ["rita"]),
        ("reviewer=rita&label=quoted_fact", []),
        ("updated_since=2000-01-01", ["otto", "rita"]),
        ("updated_since=2999-01-01T00:00:00%2B02:00", []),
    ],
)
def test_annotation_list_filters(client_for, data_user, rita_claim, otto_claim, query, expected):
    results = client_for(data_user).get(f"/api/annotations/?{query}").json()["results"]
    assert sorted(a["reviewer"] for a in results) == expected


def test_annotation_list_filters_by_article(client_for, data_user, admin_user, rita_claim, labels):
    from annotations.importing import ArticleData
    from annotations.services import annotation_create, article_import

    other = article_import(data=ArticleData(text="Anderer Text."), imported_by=admin_user).article
    annotation_create(sentence=other.sentences.get(), reviewer=admin_user, label=labels["opinion"])
    client = client_for(data_user)
    here = client.get(f"/api/annotations/?article={rita_claim.sentence.article_id}").json()
    there = client.get(f"/api/annotations/?article={other.pk}").json()
    assert [a["id"] for a in here["results"]] == [rita_claim.pk]
    assert [a["reviewer"] for a in there["results"]] == ["alice"]


def test_annotation_list_updated_since_compares_with_the_change_time(
    client_for, data_user, rita_claim
):
    changed = Annotation.objects.get().updated_at
    client = client_for(data_user)
    at = (changed - datetime.timedelta(microseconds=1)).isoformat()
    after = (changed + datetime.timedelta(seconds=1)).isoformat()
    assert len(client.get("/api/annotations/", {"updated_since": at}).json()["results"]) == 1
    assert client.get("/api/annotations/", {"updated_since": after}).json()["results"] == []


@pytest.mark.parametrize(
    ("query", "name", "message"),
    [
        ("label=fact", "label", "Unknown label “fact”"),
        ("reviewer=nobody", "reviewer", "No reviewer named “nobody”."),
        ("article=999999", "article", "No article with id 999999."),
        ("article=abc", "article", "A valid integer is required."),
        ("updated_since=yesterday", "updated_since", "Not an ISO 8601 date or date-time"),
        ("updated_since=2025-13-01", "updated_since", "Not an ISO 8601"),
        ("sort=id", "sort", "Unknown query parameter. Allowed here:"),
        ("label=opinion&label=quoted_fact", "label", "Give this parameter once."),
        ("page_size=1001", "page_size", "less than or equal to 1000"),
        ("page_size=0", "page_size", "greater than or equal to 1"),
        ("cursor=garbage", "cursor", "Invalid cursor"),
    ],
)
def test_annotation_list_refuses_bad_query_strings_naming_the_parameter(
    client_for, data_user, query, name, message
):
    response = client_for(data_user).get(f"/api/annotations/?{query}")
    assert response.status_code == 400
    assert message in str(response.json()[name])


def test_annotation_list_page_size_is_capped(client_for, reviewer, sentences, labels):
    from annotations.api.pagination import CursorPagination

    assert CursorPagination.max_page_size == 1000
    client = client_for(reviewer)
    for label in ("opinion", "quoted_fact", "editorial_framing"):
        client.post(
            "/api/annotations/", {"sentence": sentences[0].pk, "label": label}, format="json"
        )
    page = client.get("/api/annotations/?page_size=2").json()
    assert len(page["results"]) == 2
    rest = client.get(page["next"]).json()
    assert len(rest["results"]) == 1
    assert rest["next"] is None


@pytest.fixture
def emoji_sentence(admin_user):
    from annotations.importing import ArticleData
    from annotations.services import article_import

    data = ArticleData(text="😀😀😀 Merkel sagte 🇩🇪 Nein.", title="Emoji", language="de")
    return article_import(data=data, imported_by=admin_user).article.sentences.get()


def test_annotation_create_counts_code_points_after_emoji(client_for, reviewer, emoji_sentence):
    response = client_for(reviewer).post(
        "/api/annotations/",
        {"sentence": emoji_sentence.pk, "label": "opinion", "spans": [[4, 10]]},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["quotes"] == ["Merkel"]


def test_annotation_create_refuses_a_span_that_splits_a_flag(client_for, reviewer, emoji_sentence):
    flag = emoji_sentence.text.index("🇩🇪")
    response = client_for(reviewer).post(
        "/api/annotations/",
        {"sentence": emoji_sentence.pk, "label": "opinion", "spans": [[4, flag + 1]]},
        format="json",
    )
    assert response.status_code == 400
    assert "cannot be split" in str(response.json())
    assert not Annotation.objects.exists()


def test_annotation_update_refuses_spans_of_blank_space(client_for, reviewer, emoji_sentence):
    client = client_for(reviewer)
    created = client.post(
        "/api/annotations/",
        {"sentence": emoji_sentence.pk, "label": "opinion", "spans": [[4, 10]]},
        format="json",
    ).json()
    response = client.patch(
        f"/api/annotations/{created['id']}/", {"spans": [[3, 4]]}, format="json"
    )
    assert response.status_code == 400
    assert "blank space" in str(response.json())
    assert Annotation.objects.get().spans == [[4, 10]]


def test_a_claim_from_an_accepted_suggestion_names_its_source(client_for, reviewer, sentences):
    from annotations.models import Label, Suggestion
    from annotations.services.suggestions import suggestion_accept

    suggestion = Suggestion.objects.create(
        sentence=sentences[0],
        label=Label.objects.get(slug="opinion"),
        spans=[],
        reason="r",
        score=0.5,
        source="rules",
        version="1",
    )
    claim = suggestion_accept(suggestion=suggestion, reviewer=reviewer).annotation
    body = client_for(reviewer).get(f"/api/annotations/{claim.pk}/").json()
    assert body["from_suggestion"] == "rules"
    listed = client_for(reviewer).get("/api/annotations/").json()["results"]
    assert [item["from_suggestion"] for item in listed] == ["rules"]
