"""Parquet exports and the dataset card, read by pyarrow and by Hugging Face datasets."""

import io
import json

import pyarrow.parquet as pq
import pytest

from annotations.selectors import parquet_exports

pytestmark = pytest.mark.django_db


def body_of(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


@pytest.fixture
def exporter(client_for, data_user, rita_claim, otto_claim, otto_no_claim):
    return client_for(data_user)


def test_annotations_parquet_holds_the_jsonl_records_typed(exporter, labels):
    response = exporter.get("/api/export/annotations.parquet")
    assert response["Content-Type"] == "application/vnd.apache.parquet"
    assert response["Content-Disposition"].endswith('.parquet"')
    table = pq.read_table(io.BytesIO(body_of(response)))
    assert table.schema.remove_metadata() == parquet_exports.annotation_schema()
    features = json.loads(table.schema.metadata[b"huggingface"])["info"]["features"]
    names = features["label"]["names"]
    jsonl = [
        json.loads(line)
        for line in body_of(exporter.get("/api/export/annotations.jsonl")).splitlines()
    ]
    rows = table.to_pylist()
    assert [row["id"] for row in rows] == [record["id"] for record in jsonl]
    for row, record in zip(rows, jsonl, strict=True):
        assert names[row["label"]] == record["label"]
        assert row["spans"] == record["spans"]
        assert row["created_at"].isoformat().replace("+00:00", "Z") == record["created_at"]
        assert row["sentence"] == record["sentence"]


def test_parquet_is_written_in_row_groups(exporter, monkeypatch, sentences, reviewer, labels):
    from annotations.services import annotation_create

    for label in labels.values():
        annotation_create(sentence=sentences[1], reviewer=reviewer, label=label)
    monkeypatch.setattr(parquet_exports, "BLOCK_BYTES", 600)
    monkeypatch.setattr(parquet_exports, "FIRST_BLOCK_BYTES", 600)
    parquet = pq.ParquetFile(io.BytesIO(body_of(exporter.get("/api/export/annotations.parquet"))))
    assert parquet.metadata.num_row_groups > 1
    assert parquet.metadata.num_rows == 5


def test_empty_parquet_export_is_a_valid_file(client_for, data_user):
    body = body_of(client_for(data_user).get("/api/export/annotations.parquet"))
    assert pq.read_table(io.BytesIO(body)).num_rows == 0


def test_sentences_parquet_nests_claims_and_marks(exporter, otto_no_claim):
    body = body_of(exporter.get("/api/export/sentences.parquet"))
    rows = pq.read_table(io.BytesIO(body)).to_pylist()
    assert [len(row["annotations"]) for row in rows] == [1, 1, 0]
    assert rows[2]["no_claim"][0]["reviewer"] == otto_no_claim.reviewer.username


@pytest.fixture
def decided(curator, rita_claim, labels, sentences):
    """A curator's gold on the first sentence, taken from rita's claim."""
    from annotations.services import GoldClaimInput, gold_decide

    return gold_decide(
        sentence=sentences[0],
        curator=curator,
        claims=[
            GoldClaimInput(
                label=labels["opinion"], attributed_to="Rita 🙂", taken_from=[rita_claim.pk]
            )
        ],
        rationale="Wertung",
    )


def test_gold_parquet_holds_the_gold_jsonl_records_typed(exporter, decided, labels):
    response = exporter.get("/api/export/gold.parquet")
    assert response["Content-Type"] == "application/vnd.apache.parquet"
    assert "factcheck-gold-" in response["Content-Disposition"]
    table = pq.read_table(io.BytesIO(body_of(response)))
    assert table.schema.remove_metadata() == parquet_exports.gold_schema()
    features = json.loads(table.schema.metadata[b"huggingface"])["info"]["features"]
    names = features["gold"]["claims"][0]["label"]["names"]
    assert features["reviews"][0]["labels"][0]["names"] == names
    jsonl = [
        json.loads(line) for line in body_of(exporter.get("/api/export/gold.jsonl")).splitlines()
    ]
    rows = table.to_pylist()
    assert [row["id"] for row in rows] == [record["id"] for record in jsonl]
    for row, record in zip(rows, jsonl, strict=True):
        assert (row["split"], row["state"], row["agreement"]) == (
            record["split"],
            record["state"],
            record["agreement"],
        )
        assert [
            {**review, "labels": [names[i] for i in review["labels"]]} for review in row["reviews"]
        ] == record["reviews"]
        if record["gold"] is None:
            assert row["gold"] is None
            continue
        for typed, claim in zip(row["gold"]["claims"], record["gold"]["claims"], strict=True):
            assert names[typed["label"]] == claim["label"]
            assert (typed["spans"], typed["sources"]) == (claim["spans"], claim["sources"])
        decided_at = row["gold"]["decided_at"].isoformat().replace("+00:00", "Z")
        assert decided_at == record["gold"]["decided_at"]
    assert rows[0]["gold"]["curator"] == decided.curator.username
    assert rows[0]["gold"]["claims"][0]["attributed_to"] == "Rita 🙂"


def test_gold_parquet_takes_the_gold_filters(exporter, decided):
    body = body_of(exporter.get("/api/export/gold.parquet", {"state": "adjudicated"}))
    assert [row["id"] for row in pq.read_table(io.BytesIO(body)).to_pylist()] == [
        decided.sentence_id
    ]
    response = exporter.get("/api/export/gold.parquet", {"train": "2"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_gold_parquet_is_for_gold_exporters(client_for, reviewer, curator):
    assert client_for(reviewer).get("/api/export/gold.parquet").status_code == 403
    assert client_for(curator).get("/api/export/gold.parquet").status_code == 200


def test_parquet_filters_refuse_bad_values_in_json(exporter):
    response = exporter.get("/api/export/annotations.parquet", {"label": "fact"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_dataset_card_names_the_labels_their_guidelines_and_the_licence(exporter, settings, labels):
    import yaml

    settings.DATASET_LICENSE = "cc-by-4.0"
    response = exporter.get("/api/export/README.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    header = yaml.safe_load(text.split("---\n")[1])
    assert header["license"] == "cc-by-4.0"
    assert {config["config_name"] for config in header["configs"]} >= {
        "annotations",
        "sentences",
    }
    for label in labels.values():
        assert f"`{label.slug}`" in text
    assert {config["config_name"] for config in header["configs"]} >= {"gold"}


def test_dataset_card_gives_the_agreement_figures_of_the_api(exporter, decided):
    text = exporter.get("/api/export/README.md").content.decode()
    figures = exporter.get("/api/agreement/").json()
    section = text.split("## Agreement")[1]
    assert f"{figures['units']} sentences reviewed" in section
    for label in figures["labels"]:
        alpha = label["alpha"]
        value = "–" if alpha["alpha"] is None else f"{alpha['alpha']:.3f}"
        assert f"| `{label['label']}` | {value} |" in section
        exact = label["span_f1"]["exact"]
        assert ("–" if exact is None else f"{exact:.3f}") in section
    for pair in figures["pairs"]:
        assert f"| {pair['reviewers'][0]} | {pair['reviewers'][1]} |" in section
    # Two reviewers on three sentences: the figures come with their warning.
    assert "few_units" in {w["code"] for w in figures["overall"]["warnings"]}
    assert figures["overall"]["warnings"][0]["message"] in section


@pytest.fixture
def hf_offline(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = pytest.importorskip("datasets")
    datasets.disable_progress_bars()
    return datasets


def test_datasets_loads_exports_with_the_cards_features_and_no_inference(
    exporter, tmp_path, hf_offline, article, decided
):
    # The article has no publication date: early rows with nulls once broke inference.
    assert article.published_on is None
    folder = tmp_path / "download"
    folder.mkdir()
    files = {
        "README.md": "/api/export/README.md",
        "factcheck-annotations-1.parquet": "/api/export/annotations.parquet",
        "factcheck-annotations-2.parquet": f"/api/export/annotations.parquet?article={article.pk}",
        "factcheck-sentences-1.parquet": "/api/export/sentences.parquet",
        "factcheck-gold-1.parquet": "/api/export/gold.parquet",
    }
    jsonl = {
        "factcheck-annotations-1.jsonl": "/api/export/annotations.jsonl",
        "factcheck-annotations-2.jsonl": "/api/export/annotations.jsonl?reviewer=rita",
        "factcheck-sentences-1.jsonl": "/api/export/sentences.jsonl",
        "factcheck-gold-1.jsonl": "/api/export/gold.jsonl?state=waiting",
        "factcheck-gold-2.jsonl": "/api/export/gold.jsonl",
    }
    for name, url in files.items():
        response = exporter.get(url)
        content = response.content if name == "README.md" else body_of(response)
        (folder / name).write_bytes(content)
    for name, url in jsonl.items():
        (tmp_path / name).write_bytes(body_of(exporter.get(url)))
    cache = str(tmp_path / "cache")
    claims = hf_offline.load_dataset(str(folder), "annotations", split="train", cache_dir=cache)
    assert claims.num_rows == 4
    assert claims.features["label"].names[claims[0]["label"]] == "editorial_framing"
    assert str(claims.features["created_at"].dtype) == "timestamp[us, tz=UTC]"
    sentences = hf_offline.load_dataset(str(folder), "sentences", split="train", cache_dir=cache)
    assert sentences.num_rows == 3
    gold = hf_offline.load_dataset(str(folder), "gold", split="train", cache_dir=cache)
    assert gold.num_rows == article.sentences.count()
    assert str(gold.features["gold"]["decided_at"].dtype) == "timestamp[us, tz=UTC]"
    published = exporter.get("/api/export/features.json").json()
    for name in ("annotations", "sentences"):
        features = hf_offline.Features.from_dict(published[f"{name}.jsonl"])
        jsonl = hf_offline.load_dataset(
            "json",
            data_files=str(tmp_path / f"*{name}*.jsonl"),
            features=features,
            split="train",
            cache_dir=cache,
        )
        assert jsonl.features == features
        assert jsonl.num_rows == 3
    # Gold: the first file's records have no decision (gold null), the second's have one.
    features = hf_offline.Features.from_dict(published["gold.jsonl"])
    gold_jsonl = hf_offline.load_dataset(
        "json",
        data_files=str(tmp_path / "*gold*.jsonl"),
        features=features,
        split="train",
        cache_dir=cache,
    )
    assert gold_jsonl.features == features
    assert any(row["gold"] for row in gold_jsonl)
    plain = hf_offline.load_dataset(
        "parquet", data_files=str(folder / "*annotations*.parquet"), split="train", cache_dir=cache
    )
    assert plain.features == claims.features
