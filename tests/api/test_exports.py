"""The dataset exports: every format parsed back, filters, headers, streaming, reproducibility."""

import csv
import datetime
import io
import json

import pytest
from django.http import StreamingHttpResponse

from annotations.models import Annotation
from annotations.services import gold_refresh

pytestmark = pytest.mark.django_db

TRICKY_NOTE = 'Zitat: „Wir schaffen das“, sagte sie; "doppelt"\nZeile 2 \u2028 mit Trenner 🙂'


def body_of(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)  # type: ignore[arg-type]  # not async here


def lines_of(response) -> list[dict]:
    text = body_of(response).decode()
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.split("\n") if line]


@pytest.fixture
def exporter(client_for, data_user):
    return client_for(data_user)


@pytest.fixture
def claims(rita_claim, otto_claim, otto_no_claim, sentences, reviewer, labels):
    """Rita's discontinuous claim, Otto's whole-sentence claim and mark, and a tricky note."""
    from annotations.services import annotation_create

    tricky = annotation_create(
        sentence=sentences[2],
        reviewer=reviewer,
        label=labels["opinion"],
        spans=[[4, 10]],
        note=TRICKY_NOTE,
        attributed_to='Die "Sprecherin", Berlin',
    ).annotation
    return {"rita": rita_claim, "otto": otto_claim, "tricky": tricky}


def test_jsonl_export_has_one_object_per_claim_in_id_order(exporter, claims, article):
    rows = lines_of(exporter.get("/api/export/annotations.jsonl"))
    assert [row["id"] for row in rows] == sorted(claim.pk for claim in claims.values())
    rita = rows[0]
    assert rita == {
        "id": claims["rita"].pk,
        "label": "editorial_framing",
        "whole_sentence": False,
        "spans": [
            {"start": 0, "end": 2, "article_start": 0, "article_end": 2, "text": "Am"},
            {"start": 19, "end": 24, "article_start": 19, "article_end": 24, "text": "Trump"},
        ],
        "attributed_to": "",
        "note": 'Wortwahl, "rahmend";\nzweite Zeile',
        "reviewer": "rita",
        "created_at": rita["created_at"],
        "updated_at": rita["updated_at"],
        "revision": 1,
        "from_suggestion": None,
        "sentence": {
            "id": claims["rita"].sentence_id,
            "position": 0,
            "start": 0,
            "end": 31,
            "text": "Am 15. August traf Trump Putin.",
        },
        "article": {
            "id": article.pk,
            "title": "Gipfel in Alaska",
            "source": "Beispielzeitung",
            "url": "",
            "published_on": None,
            "language": "de",
            "content_hash": article.content_hash,
        },
    }
    stored = Annotation.objects.get(pk=claims["rita"].pk)
    assert datetime.datetime.fromisoformat(rita["created_at"]) == stored.created_at
    assert rita["created_at"].endswith("Z")


def test_jsonl_export_gives_a_whole_sentence_claim_one_span_covering_the_sentence(
    exporter, claims, article
):
    otto = next(
        r
        for r in lines_of(exporter.get("/api/export/annotations.jsonl"))
        if r["id"] == claims["otto"].pk
    )
    assert otto["whole_sentence"] is True
    assert otto["spans"] == [
        {"start": 0, "end": 23, "article_start": 32, "article_end": 55,
         "text": "Es gab keine Erklärung."}
    ]  # fmt: skip
    assert otto["attributed_to"] == "Wladimir Putin"
    assert article.text[32:55] == "Es gab keine Erklärung."


def test_jsonl_export_keeps_notes_exactly(exporter, claims):
    rows = lines_of(exporter.get("/api/export/annotations.jsonl"))
    tricky = next(row for row in rows if row["id"] == claims["tricky"].pk)
    assert tricky["note"] == TRICKY_NOTE
    assert tricky["attributed_to"] == 'Die "Sprecherin", Berlin'


def test_jsonl_export_names_file_filters_and_time(exporter, claims):
    response = exporter.get("/api/export/annotations.jsonl?label=opinion&reviewer=rita")
    body_of(response)
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="factcheck-annotations-'
    )
    assert response["Content-Disposition"].endswith('.jsonl"')
    assert response["X-Export-Filters"] == "label=opinion&reviewer=rita"
    exported_at = datetime.datetime.fromisoformat(response["X-Exported-At"])
    assert abs(exported_at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=1)
    assert response["Cache-Control"] == "private, no-store"


def test_export_without_filters_says_none(exporter, claims):
    response = exporter.get("/api/export/annotations.csv")
    body_of(response)
    assert response["X-Export-Filters"] == "none"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("reviewer=rita", ["rita", "tricky"]),
        ("reviewer=otto", ["otto"]),
        ("label=opinion", ["tricky"]),
        ("reviewer=otto&label=opinion", []),
        ("updated_since=2000-01-01", ["otto", "rita", "tricky"]),
        ("updated_since=2999-12-31T23:59:59Z", []),
    ],
)
def test_exports_apply_the_filters(exporter, claims, query, expected):
    by_id = {claim.pk: name for name, claim in claims.items()}
    for path in ("annotations.jsonl", "annotations.csv", "annotations.w3c.jsonld"):
        response = exporter.get(f"/api/export/{path}?{query}")
        if path.endswith(".csv"):
            ids = [
                int(row["id"]) for row in csv.DictReader(io.StringIO(body_of(response).decode()))
            ]
        elif path.endswith(".jsonld"):
            items = json.loads(body_of(response)).get("first", {"items": []})["items"]
            claims_only = [item for item in items if item["motivation"] == "classifying"]
            ids = [int(item["id"].rstrip("/").rsplit("/", 1)[1]) for item in claims_only]
        else:
            ids = [row["id"] for row in lines_of(response)]
        assert sorted(by_id[i] for i in ids) == expected, path


def test_exports_filter_by_article(exporter, claims, admin_user, labels):
    from annotations.importing import ArticleData
    from annotations.services import annotation_create, article_import

    other = article_import(data=ArticleData(text="Anderer Text."), imported_by=admin_user).article
    elsewhere = annotation_create(
        sentence=other.sentences.get(), reviewer=admin_user, label=labels["opinion"]
    ).annotation
    rows = lines_of(exporter.get(f"/api/export/annotations.jsonl?article={other.pk}"))
    assert [row["id"] for row in rows] == [elsewhere.pk]
    sentences = lines_of(exporter.get(f"/api/export/sentences.jsonl?article={other.pk}"))
    assert [s["text"] for s in sentences] == ["Anderer Text."]


@pytest.mark.parametrize(
    ("query", "name", "message"),
    [
        ("label=fact", "label", "Unknown label “fact”"),
        ("updated_since=gestern", "updated_since", "Not an ISO 8601"),
        ("reviewer=niemand", "reviewer", "No reviewer named"),
        ("page_size=10", "page_size", "Unknown query parameter"),
        ("format=csv", "format", "Unknown query parameter"),
    ],
)
@pytest.mark.parametrize(
    "path",
    ["annotations.jsonl", "annotations.csv", "annotations.w3c.jsonld", "sentences.jsonl"],
)
def test_exports_refuse_bad_filters_with_a_reason(exporter, path, query, name, message):
    response = exporter.get(f"/api/export/{path}?{query}")
    assert response.status_code in (400, 404)
    if response.status_code == 404:
        # DRF's content negotiation answers ?format= for an unknown format itself.
        assert name == "format"
        return
    assert message in str(response.json()[name])


def test_csv_export_parses_back_with_the_csv_module(exporter, claims, article):
    response = exporter.get("/api/export/annotations.csv")
    data = body_of(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response["Content-Disposition"].endswith('.csv"')
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert list(rows[0]) == [
        "id", "label", "whole_sentence", "spans", "attributed_to", "note", "reviewer",
        "created_at", "updated_at", "revision", "from_suggestion", "sentence_id",
        "sentence_position",
        "sentence_start", "sentence_end", "sentence_text", "article_id", "article_title",
        "article_source", "article_url", "article_published_on", "article_language",
        "article_content_hash",
    ]  # fmt: skip
    by_id = {int(row["id"]): row for row in rows}
    rita = by_id[claims["rita"].pk]
    assert json.loads(rita["spans"]) == [
        {"start": 0, "end": 2, "article_start": 0, "article_end": 2, "text": "Am"},
        {"start": 19, "end": 24, "article_start": 19, "article_end": 24, "text": "Trump"},
    ]
    assert rita["whole_sentence"] == "false"
    assert rita["note"] == 'Wortwahl, "rahmend";\nzweite Zeile'
    assert rita["attributed_to"] == ""
    assert rita["article_content_hash"] == article.content_hash
    tricky = by_id[claims["tricky"].pk]
    assert tricky["note"] == TRICKY_NOTE
    assert tricky["attributed_to"] == 'Die "Sprecherin", Berlin'
    assert by_id[claims["otto"].pk]["whole_sentence"] == "true"


def test_csv_export_is_what_pythons_csv_writer_writes(exporter, claims):
    """Quoting only where needed, doubled quotes, LF line ends: the dialect round-trips."""
    data = body_of(exporter.get("/api/export/annotations.csv")).decode()
    dialect = csv.Sniffer().sniff(data.split("\n", 1)[0])
    assert dialect.delimiter == ","
    rows = list(csv.reader(io.StringIO(data, newline="")))
    rewritten = io.StringIO()
    csv.writer(rewritten, lineterminator="\n").writerows(rows)
    assert rewritten.getvalue() == data


def test_empty_exports_are_valid_files(exporter):
    assert body_of(exporter.get("/api/export/annotations.jsonl")) == b""
    header = body_of(exporter.get("/api/export/annotations.csv")).decode()
    assert header.startswith("id,label,") and header.count("\n") == 1
    collection = json.loads(body_of(exporter.get("/api/export/annotations.w3c.jsonld")))
    assert collection["total"] == 0
    assert "first" not in collection  # the model has no empty pages


def test_w3c_export_is_an_annotation_collection(exporter, claims, article):
    response = exporter.get("/api/export/annotations.w3c.jsonld?reviewer=rita")
    collection = json.loads(body_of(response))
    assert response["Content-Type"] == (
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    assert collection["id"] == "http://testserver/api/export/annotations.w3c.jsonld?reviewer=rita"
    assert collection["label"] == "factcheck annotations (reviewer=rita)"
    assert collection["generated"] == response["X-Exported-At"]
    assert collection["total"] == 2
    page = collection["first"]
    assert page["type"] == "AnnotationPage"
    assert page["id"] == collection["id"] + "#page-1" == collection["last"]
    assert page["partOf"] == collection["id"]
    assert len(page["items"]) == 2
    for item in page["items"]:
        assert item["type"] == "Annotation"
        assert item["id"].startswith("http://testserver/api/annotations/")
        assert item["motivation"] == "classifying"
        assert item["creator"] == {"type": "Person", "nickname": "rita"}
        for key in ("created", "modified"):
            assert datetime.datetime.fromisoformat(item[key]).tzinfo is not None
        assert item["body"][0]["type"] == "TextualBody"
        assert item["body"][0]["purpose"] == "classifying"
        for target in item["target"]:
            assert target["type"] == "SpecificResource"
            assert target["source"] == f"http://testserver/api/articles/{article.pk}/"
            position, quote = target["selector"]
            assert position["type"] == "TextPositionSelector"
            assert quote["type"] == "TextQuoteSelector"
            start, end = position["start"], position["end"]
            assert quote["exact"] == article.text[start:end]
            assert quote["prefix"] == article.text[max(0, start - 32) : start]
            assert quote["suffix"] == article.text[end : end + 32]


def test_w3c_export_gives_a_discontinuous_claim_one_target_per_range(exporter, claims):
    collection = json.loads(body_of(exporter.get("/api/export/annotations.w3c.jsonld")))
    by_id = {
        item["id"].rstrip("/").rsplit("/", 1)[1]: item for item in collection["first"]["items"]
    }
    rita = by_id[str(claims["rita"].pk)]
    rita_claim_note = claims["rita"].note
    assert [t["selector"][1]["exact"] for t in rita["target"]] == ["Am", "Trump"]
    assert [t["selector"][0]["start"] for t in rita["target"]] == [0, 19]
    assert rita["body"] == [
        {"type": "TextualBody", "purpose": "classifying", "value": "editorial_framing"},
        {"type": "TextualBody", "purpose": "commenting", "value": rita_claim_note},
    ]  # fmt: skip
    otto = by_id[str(claims["otto"].pk)]
    assert [t["selector"][1]["exact"] for t in otto["target"]] == ["Es gab keine Erklärung."]
    assert otto["body"][1] == {
        "type": "TextualBody", "purpose": "describing", "value": "Wladimir Putin"
    }  # fmt: skip


def test_sentences_export_has_every_reviewers_claims_and_marks(exporter, claims, sentences):
    rows = lines_of(exporter.get("/api/export/sentences.jsonl"))
    assert [row["id"] for row in rows] == [s.pk for s in sentences]
    first, second, third = rows
    assert first["text"] == "Am 15. August traf Trump Putin."
    assert first["article"]["title"] == "Gipfel in Alaska"
    assert [(c["reviewer"], c["label"]) for c in first["annotations"]] == [
        ("rita", "editorial_framing")
    ]
    assert [span["text"] for span in first["annotations"][0]["spans"]] == ["Am", "Trump"]
    assert first["no_claim"] == []
    assert second["annotations"][0]["whole_sentence"] is True
    assert third["paragraph"] == 1
    assert [c["note"] for c in third["annotations"]] == [TRICKY_NOTE]
    assert [mark["reviewer"] for mark in third["no_claim"]] == ["otto"]


def test_sentences_export_filters_by_reviewer_and_label(exporter, claims, sentences):
    otto = lines_of(exporter.get("/api/export/sentences.jsonl?reviewer=otto"))
    assert [row["id"] for row in otto] == [sentences[1].pk, sentences[2].pk]
    assert otto[1]["annotations"] == []
    assert [m["reviewer"] for m in otto[1]["no_claim"]] == ["otto"]
    framing = lines_of(exporter.get("/api/export/sentences.jsonl?label=editorial_framing"))
    # The label keeps matching claims, and every mark (a mark means: no claim of any label).
    assert [row["id"] for row in framing] == [sentences[0].pk, sentences[2].pk]
    assert framing[1]["annotations"] == []


def test_sentences_export_loads_into_a_table_of_uniform_columns(exporter, claims):
    rows = lines_of(exporter.get("/api/export/sentences.jsonl"))
    assert len({tuple(row) for row in rows}) == 1
    for row in rows:
        for claim in row["annotations"]:
            assert set(claim) == {
                "id", "reviewer", "label", "whole_sentence", "spans", "attributed_to", "note",
                "created_at", "updated_at", "revision", "from_suggestion",
            }  # fmt: skip


@pytest.mark.parametrize(
    "path",
    ["annotations.jsonl", "annotations.csv", "sentences.jsonl"],
)
def test_repeated_exports_are_byte_identical(exporter, claims, path):
    first = exporter.get(f"/api/export/{path}")
    first_body = body_of(first)
    second = exporter.get(f"/api/export/{path}")
    assert body_of(second) == first_body
    assert first["X-Exported-At"] <= second["X-Exported-At"]


def test_repeated_w3c_exports_differ_only_in_the_export_time(exporter, claims):
    first = json.loads(body_of(exporter.get("/api/export/annotations.w3c.jsonld")))
    second = json.loads(body_of(exporter.get("/api/export/annotations.w3c.jsonld")))
    first.pop("generated")
    second.pop("generated")
    assert first == second


def make_claims(total: int, *, article, reviewer, labels):
    """Distinct claims on the article's sentences, through the service, up to ``total``."""
    from annotations.services import annotation_create

    for sentence in article.sentences.order_by("position"):
        for label in labels.values():
            for start in range(0, 20):
                if Annotation.objects.count() == total:
                    return
                annotation_create(
                    sentence=sentence, reviewer=reviewer, label=label, spans=[[0, start + 1]]
                )
    raise AssertionError("not enough room for that many claims")


@pytest.mark.parametrize(
    "path",
    ["annotations.jsonl", "annotations.csv", "annotations.w3c.jsonld", "sentences.jsonl"],
)
def test_exports_stream_with_a_constant_number_of_queries(
    exporter, article, reviewer, labels, django_assert_max_num_queries, path
):
    body_of(exporter.get(f"/api/export/{path}"))  # the token's last-use stamp is written once
    counts = []
    for total in (2, 40):
        make_claims(total, article=article, reviewer=reviewer, labels=labels)
        # The W3C export brings gold up to date first: that is gold's work, counted elsewhere.
        gold_refresh()
        # The W3C export reads claims, gold and marks: one COPY each.
        with django_assert_max_num_queries(13) as captured:
            response = exporter.get(f"/api/export/{path}")
            assert response.streaming
            data = body_of(response)
        counts.append(len(captured.captured_queries))
        assert any("COPY (" in query["sql"] for query in captured.captured_queries)
        rows = data.count(b"\n")
        assert rows >= (total if "annotations" in path else 1)
    assert counts[0] == counts[1]


def test_export_chunks_gather_rows_and_keep_memory_flat(
    exporter, article, reviewer, labels, monkeypatch
):
    from annotations.selectors import exports

    monkeypatch.setattr(exports, "CHUNK_BYTES", 2000)
    make_claims(30, article=article, reviewer=reviewer, labels=labels)
    response = exporter.get("/api/export/annotations.jsonl")
    chunks = list(response.streaming_content)
    assert len(chunks) > 3
    assert all(len(chunk) < 2000 + 2000 for chunk in chunks)
    assert all(chunk.endswith(b"\n") for chunk in chunks)
    assert b"".join(chunks).count(b"\n") == 30


def test_exports_say_which_claims_began_as_accepted_suggestions(exporter, claims, reviewer):
    from annotations.models import Suggestion
    from annotations.services.suggestions import suggestion_accept

    sentence = claims["rita"].sentence
    suggestion = Suggestion.objects.create(
        sentence=sentence,
        label=claims["rita"].label,
        spans=[[3, 6]],
        reason="r",
        score=0.5,
        source="rules",
        version="1",
    )
    Suggestion.objects.create(
        sentence=sentence,
        label=claims["rita"].label,
        spans=[[7, 13]],
        reason="r",
        score=0.5,
        source="rules",
        version="1",
    )  # never accepted: in no export
    accepted = suggestion_accept(suggestion=suggestion, reviewer=reviewer).annotation
    records = {row["id"]: row for row in lines_of(exporter.get("/api/export/annotations.jsonl"))}
    assert records[accepted.pk]["from_suggestion"] == "rules"
    assert records[claims["rita"].pk]["from_suggestion"] is None
    assert len(records) == len(claims) + 1
    rows = csv.DictReader(
        io.StringIO(body_of(exporter.get("/api/export/annotations.csv")).decode())
    )
    assert {int(r["id"]): r["from_suggestion"] for r in rows}[accepted.pk] == "rules"
    w3c = json.loads(body_of(exporter.get("/api/export/annotations.w3c.jsonld")))
    bodies = {
        item["id"].rstrip("/").rsplit("/", 1)[1]: item["body"] for item in w3c["first"]["items"]
    }
    assert {"type": "TextualBody", "purpose": "tagging", "value": "from-suggestion:rules"} in (
        bodies[str(accepted.pk)]
    )
