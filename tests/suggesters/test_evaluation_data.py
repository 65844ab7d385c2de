"""The evaluation set in benchmarks/data/suggestions/ is well formed: every gold span is the
text it claims, on grapheme boundaries, and the sentences are the importer's split."""

import json
from pathlib import Path

import pytest

from annotations.graphemes import boundaries
from annotations.suggesters.quality import Proposed, Reference, measure

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "suggestions"
FILES = sorted(DATA.glob("*.jsonl"))
LABELS = {"quoted_fact", "opinion", "editorial_framing"}


def rows():
    for path in FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            yield path.name, json.loads(line)


def test_there_are_the_three_sets_with_enough_sentences():
    assert [p.name for p in FILES] == ["constructed.jsonl", "seed_gold.jsonl", "wikinews_de.jsonl"]
    assert sum(len(row["sentences"]) for _, row in rows()) >= 140


@pytest.mark.parametrize("row", [row for _, row in rows()], ids=lambda row: row["id"])
def test_every_claim_marks_the_text_it_names(row):
    for claim in row["claims"]:
        sentence = row["sentences"][claim["sentence"]]
        assert claim["label"] in LABELS
        assert [sentence[a:b] for a, b in claim["spans"]] == claim["text"]
        allowed = boundaries(sentence)
        assert all(a in allowed and b in allowed for a, b in claim["spans"])


def test_the_gold_measured_against_itself_is_perfect():
    reference, proposed = [], []
    for _, row in rows():
        for claim in row["claims"]:
            spans = tuple(map(tuple, claim["spans"])) or (
                (0, len(row["sentences"][claim["sentence"]])),
            )
            key = hash((row["id"], claim["sentence"]))
            reference.append(Reference(key, claim["label"], spans))
            proposed.append(Proposed(key, claim["label"], spans, "gold"))
    assert all(r.f1 == 1.0 for r in measure(proposed, reference))
