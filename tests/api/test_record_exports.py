"""The articles and no-claim exports, gzip on request, and one time format in the whole API."""

import gzip
import json

import pytest

pytestmark = pytest.mark.django_db


def body_of(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def records(response) -> list[dict]:
    return [json.loads(line) for line in body_of(response).decode().splitlines()]


def test_articles_export_holds_text_metadata_hash_and_sentences(client_for, data_user, article):
    from annotations.models import Article

    Article.objects.filter(pk=article.pk).update(
        author="Anna Autorin", metadata={"ressort": "Politik", "tags": ["USA", "Russland"]}
    )
    [record] = records(client_for(data_user).get("/api/export/articles.jsonl"))
    assert record["text"] == article.text
    assert record["author"] == "Anna Autorin"
    assert record["metadata"] == {"ressort": "Politik", "tags": ["USA", "Russland"]}
    assert record["content_hash"] == article.content_hash
    assert record["imported_at"].endswith("Z")
    assert [s["text"] for s in record["sentences"]] == [
        "Am 15. August traf Trump Putin.",
        "Es gab keine Erklärung.",
        "Der Krieg blieb Thema.",
    ]
    for sentence in record["sentences"]:
        assert record["text"][sentence["start"] : sentence["end"]] == sentence["text"]


def test_articles_export_filters_by_article_and_refuses_others(client_for, data_user, article):
    client = client_for(data_user)
    assert len(records(client.get("/api/export/articles.jsonl", {"article": article.pk}))) == 1
    assert client.get("/api/export/articles.jsonl", {"article": 999999}).status_code == 400
    assert client.get("/api/export/articles.jsonl", {"label": "opinion"}).status_code == 400


def test_no_claim_export_has_one_record_per_mark(client_for, data_user, otto_no_claim, sentences):
    [record] = records(client_for(data_user).get("/api/export/no_claim.jsonl"))
    assert record["id"] == otto_no_claim.pk
    assert record["no_claim"] is True
    assert record["reviewer"] == otto_no_claim.reviewer.username
    assert record["sentence"]["text"] == sentences[2].text
    assert record["created_at"].endswith("Z")


def test_no_claim_csv_flattens_the_jsonl_records(
    client_for, data_user, otto_no_claim, rita_claim, sentences, article
):
    import csv
    import io

    from annotations.selectors.record_exports import NO_CLAIM_CSV_COLUMNS

    client = client_for(data_user)
    response = client.get("/api/export/no_claim.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    reader = csv.DictReader(io.StringIO(body_of(response).decode()))
    assert tuple(reader.fieldnames or ()) == NO_CLAIM_CSV_COLUMNS
    [row] = list(reader)
    [record] = records(client.get("/api/export/no_claim.jsonl"))
    assert row["id"] == str(record["id"]) and row["reviewer"] == "otto"
    assert row["created_at"] == record["created_at"]
    assert row["sentence_text"] == sentences[2].text
    assert int(row["sentence_start"]) == sentences[2].start
    assert row["article_content_hash"] == article.content_hash
    assert row["article_published_on"] == (record["article"]["published_on"] or "")
    # The filters are no_claim.jsonl's: a mark means no claim of any label.
    assert len(list(csv.DictReader(io.StringIO(body_of(
        client.get("/api/export/no_claim.csv", {"label": "opinion"})
    ).decode())))) == 1  # fmt: skip
    only_rita = body_of(client.get("/api/export/no_claim.csv", {"reviewer": "rita"})).decode()
    assert only_rita.splitlines() == [",".join(NO_CLAIM_CSV_COLUMNS)]


@pytest.mark.parametrize(
    "path",
    [
        "/api/export/annotations.jsonl",
        "/api/export/annotations.csv",
        "/api/export/sentences.jsonl",
        "/api/export/articles.jsonl",
        "/api/export/changes.jsonl",
    ],
)
def test_exports_are_gzipped_when_the_client_accepts_it(
    client_for, data_user, rita_claim, otto_no_claim, path
):
    client = client_for(data_user)
    plain = body_of(client.get(path))
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    unpacked = gzip.decompress(body_of(response))
    if "changes" in path:  # its last line holds the cursor of the moment
        unpacked, plain = unpacked.rsplit(b"\n", 2)[0], plain.rsplit(b"\n", 2)[0]
    assert unpacked == plain


def test_exports_are_not_gzipped_when_the_client_refuses_it(client_for, data_user, rita_claim):
    response = client_for(data_user).get(
        "/api/export/annotations.jsonl", HTTP_ACCEPT_ENCODING="gzip;q=0, identity"
    )
    assert not response.has_header("Content-Encoding")


def test_api_times_are_utc_with_z_like_the_exports(client_for, reviewer, rita_claim, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    client = client_for(reviewer)
    claim = client.get(f"/api/annotations/{rita_claim.pk}/").json()
    assert claim["created_at"].endswith("Z") and claim["updated_at"].endswith("Z")
    listed = client.get("/api/annotations/").json()["results"][0]
    assert listed["created_at"] == claim["created_at"]


def test_export_header_gives_updated_since_in_utc(client_for, data_user):
    response = client_for(data_user).get(
        "/api/export/annotations.jsonl", {"updated_since": "2025-08-15T10:30:00+02:00"}
    )
    assert response["X-Export-Filters"] == "updated_since=2025-08-15T08%3A30%3A00Z"
    assert response["X-Exported-At"].endswith("Z")
