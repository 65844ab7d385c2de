"""GET /api/export/gold.jsonl: one record per sentence with gold, provenance, reviews and split."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from annotations.importing import ArticleData
from annotations.services import (
    GoldClaimInput,
    annotation_create,
    gold_decide,
    sentence_mark_no_claim,
)
from annotations.services.articles import article_import

pytestmark = pytest.mark.django_db


def records(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/x-ndjson"
    body = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in body.splitlines()]


@pytest.fixture
def exporter(client_for, data_user):
    return client_for(data_user)


@pytest.fixture
def decided(sentences, reviewer, other_reviewer, curator, labels):
    """First sentence adjudicated, second agreed as no claim, third waiting."""
    rita = annotation_create(
        sentence=sentences[0], reviewer=reviewer, label=labels["opinion"], spans=[[19, 24]]
    ).annotation
    annotation_create(sentence=sentences[0], reviewer=other_reviewer, label=labels["quoted_fact"])
    gold_decide(
        sentence=sentences[0],
        curator=curator,
        claims=[GoldClaimInput(labels["opinion"], spans=[[19, 24]])],
        rationale="Wertung.",
    )
    sentence_mark_no_claim(sentence=sentences[1], reviewer=reviewer)
    sentence_mark_no_claim(sentence=sentences[1], reviewer=other_reviewer)
    return rita


def test_gold_export_holds_every_sentence_with_its_gold_and_provenance(
    exporter, decided, sentences, article
):
    rows = records(exporter.get("/api/export/gold.jsonl"))
    assert [row["id"] for row in rows] == [s.pk for s in sentences]
    first, second, third = rows
    assert first["text"] == "Am 15. August traf Trump Putin."
    assert first["article"]["content_hash"] == article.content_hash
    assert first["state"] == "adjudicated"
    gold = first["gold"]
    assert (gold["origin"], gold["curator"], gold["rationale"]) == (
        "adjudicated",
        "carla",
        "Wertung.",
    )
    (claim,) = gold["claims"]
    assert claim["label"] == "opinion"
    assert claim["origin"] == "adjudicated"
    assert claim["spans"] == [
        {"start": 19, "end": 24, "article_start": 19, "article_end": 24, "text": "Trump"}
    ]
    assert claim["sources"] == [{"annotation": decided.pk, "reviewer": "rita", "revision": 1}]
    assert first["reviews"] == [
        {"reviewer": "otto", "no_claim": False, "labels": ["quoted_fact"]},
        {"reviewer": "rita", "no_claim": False, "labels": ["opinion"]},
    ]
    assert first["agreement"] == {"reviewers": 2, "score": 0.0}
    assert second["state"] == "agreed"
    assert (second["gold"]["no_claim"], second["gold"]["origin"]) == (True, "unanimous")
    assert second["gold"]["claims"] == []
    assert (third["state"], third["gold"], third["reviews"]) == ("waiting", None, [])
    assert {row["split"] for row in rows} <= {"train", "dev", "test"}


def test_gold_export_repeats_byte_for_byte(exporter, decided):
    first = b"".join(exporter.get("/api/export/gold.jsonl").streaming_content)
    second = b"".join(exporter.get("/api/export/gold.jsonl").streaming_content)
    assert first == second


def test_splits_are_by_article_and_follow_the_ratios(exporter, admin_user, article_data):
    from annotations.importing import ArticleData

    for n in range(40):
        article_import(
            data=ArticleData(text=f"Satz {n} eins. Satz {n} zwei.", title=f"A{n}", language="de"),
            imported_by=admin_user,
        )
    rows = records(exporter.get("/api/export/gold.jsonl?train=0.5&dev=0.25&test=0.25"))
    by_article: dict[int, set] = {}
    for row in rows:
        by_article.setdefault(row["article"]["id"], set()).add(row["split"])
    assert all(len(splits) == 1 for splits in by_article.values())
    counts = {
        name: sum(1 for s in by_article.values() if s == {name})
        for name in ("train", "dev", "test")
    }
    assert all(counts[name] > 0 for name in counts)
    assert counts["train"] > counts["test"]
    reseeded = records(exporter.get("/api/export/gold.jsonl?split_seed=other"))
    assert [r["split"] for r in reseeded] != [
        r["split"] for r in records(exporter.get("/api/export/gold.jsonl"))
    ]


def test_only_train_and_nothing_else(exporter, decided):
    rows = records(exporter.get("/api/export/gold.jsonl?train=1"))
    assert {row["split"] for row in rows} == {"train"}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("state=done", "state"),
        ("train=0.9&dev=0.9", "train"),
        ("train=1e400", "train"),
        ("article=999999", "article"),
        ("label=nope", "label"),
        ("format_=x", "format_"),
    ],
)
def test_bad_parameters_are_refused_with_the_reason(exporter, query, field):
    response = exporter.get(f"/api/export/gold.jsonl?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_filters_by_state_and_label(exporter, decided, sentences):
    adjudicated = records(exporter.get("/api/export/gold.jsonl?state=adjudicated"))
    assert [row["id"] for row in adjudicated] == [sentences[0].pk]
    opinion = records(exporter.get("/api/export/gold.jsonl?label=opinion"))
    assert [row["id"] for row in opinion] == [sentences[0].pk]
    waiting = records(exporter.get("/api/export/gold.jsonl?state=waiting,agreed"))
    assert [row["id"] for row in waiting] == [sentences[1].pk, sentences[2].pk]


def test_gold_changes_show_in_the_next_export(exporter, decided, sentences, reviewer):
    from annotations.services import annotation_update

    annotation_update(annotation=decided, expected_revision=1, attributed_to="Trump")
    rows = records(exporter.get("/api/export/gold.jsonl?state=stale"))
    assert [row["id"] for row in rows] == [sentences[0].pk]
    assert rows[0]["gold"]["claims"][0]["label"] == "opinion"


def test_reviewers_cannot_export_gold(client_for, reviewer):
    assert client_for(reviewer).get("/api/export/gold.jsonl").status_code == 403


def test_curators_can_export_gold(client_for, curator, decided):
    assert len(records(client_for(curator).get("/api/export/gold.jsonl"))) == 3


def docs_example(title: str) -> str:
    """The Python block of docs/api.md that follows the line starting with ``title``."""
    text = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text(encoding="utf-8")
    after = text.split(title, 1)[1]
    return after.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_classifier_example_of_the_api_guide_trains_on_the_export(
    exporter, reviewer, other_reviewer, labels, admin_user, tmp_path, monkeypatch, capsys
):
    code = docs_example("Train a classifier")
    assert len([line for line in code.splitlines() if line.strip()]) <= 10
    # Ten articles whose two reviewers agree: an opinion, then a quoted fact, in each.
    for n in range(10):
        text = f"Das ist eine Meinung Nummer {n}. Der Minister sagte, es gebe {n} Fälle."
        article = article_import(
            data=ArticleData(text=text, title=f"Artikel {n}"), imported_by=admin_user
        ).article
        opinion, quote = article.sentences.order_by("position")
        for person in (reviewer, other_reviewer):
            annotation_create(sentence=opinion, reviewer=person, label=labels["opinion"])
            annotation_create(sentence=quote, reviewer=person, label=labels["quoted_fact"])
    response = exporter.get("/api/export/gold.jsonl?train=0.5&dev=0&test=0.5")
    body = b"".join(response.streaming_content)
    assert {json.loads(line)["split"] for line in body.splitlines()} == {"train", "test"}
    monkeypatch.chdir(tmp_path)
    (tmp_path / "factcheck-gold.jsonl").write_bytes(body)
    exec(compile(code, "docs/api.md", "exec"), {})
    accuracy = capsys.readouterr().out
    assert accuracy.startswith("test accuracy: ")
    assert 0 <= float(accuracy.split(":")[1]) <= 1
