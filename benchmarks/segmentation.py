"""Benchmark of annotations.segmentation against its targets.

Measures boundary precision, recall and F1 on two German gold sets (UD German-GSD dev and the
pySBD German golden rules, see ../shared/data/segmentation/README.md), the exact split of the
seed article, and speed in characters per second on one core. Run from the repo root:

    .venv/bin/python benchmarks/segmentation.py [--data DIR]

The last line is a one-line summary; the exit status is non-zero when a target is missed or the
gold data cannot be found. benchmarks/segmentation_libraries.py reuses the metric functions.
"""

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotations.segmentation import split_sentences  # noqa: E402

Spans = list[tuple[int, int]]
Segmenter = Callable[[str], Spans]

DEFAULT_DATA = REPO.parent / "shared" / "data" / "segmentation"
GOLD_SETS = {"gsd": "de_gsd_dev.jsonl", "golden": "de_pysbd_golden.jsonl"}
SEED_FILE = REPO / "seeds" / "000_3359946a0cda8563.txt"
SPEED_CORPUS_CHARS = 3_000_000
TARGETS = {"f1_gsd": 0.98, "f1_golden": 0.98, "exact_seed": 23, "chars_per_s": 1_000_000}

# The seed article's expected split, worked out by hand: the photo caption, then the body.
SEED_SENTENCES = tuple(
    (REPO / "tests" / "data" / "seed_sentences.txt").read_text(encoding="utf-8").splitlines()
)


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    sentences: Spans


@dataclass(frozen=True)
class Scores:
    """Micro-averaged boundary counts over a set of documents."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0

    @property
    def f1(self) -> float:
        total = 2 * self.true_positives + self.false_positives + self.false_negatives
        return 2 * self.true_positives / total if total else 1.0


def load_documents(path: Path) -> list[Document]:
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [Document(row["id"], row["text"], [tuple(s) for s in row["sentences"]]) for row in rows]


def load_gold_sets(data_dir: Path) -> dict[str, list[Document]]:
    """The gold sets by short name; exits with a message when a file is missing."""
    missing = [name for name in GOLD_SETS.values() if not (data_dir / name).is_file()]
    if missing:
        sys.exit(f"gold data not found in {data_dir}: {', '.join(missing)} (use --data DIR)")
    return {key: load_documents(data_dir / name) for key, name in GOLD_SETS.items()}


def seed_text(path: Path = SEED_FILE) -> str:
    """The seed article's text as the importer stores it: date line removed, normalised."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8").replace("\r\n", "\n"))
    return re.sub(r"^date \d{4}-\d{2}-\d{2}\s+", "", text.strip()).strip()


def boundaries(spans: Sequence[tuple[int, int]]) -> set[int]:
    """A document's sentence boundaries: the end offsets of all its sentences but the last."""
    return {end for _, end in spans[:-1]}


def boundary_scores(pairs: Iterable[tuple[Spans, Spans]]) -> Scores:
    """Micro-average over (predicted spans, gold spans) pairs, one pair per document."""
    tp = fp = fn = 0
    for predicted, gold in pairs:
        found, wanted = boundaries(predicted), boundaries(gold)
        tp += len(found & wanted)
        fp += len(found - wanted)
        fn += len(wanted - found)
    return Scores(tp, fp, fn)


def evaluate(segment: Segmenter, documents: list[Document]) -> Scores:
    return boundary_scores((segment(doc.text), doc.sentences) for doc in documents)


def locate(text: str, sentences: Iterable[str], *, strict: bool = True) -> Spans:
    """Offsets of sentences found verbatim and in order in text (for string-returning tools).

    A sentence not found raises ValueError, or with strict=False is left out.
    """
    spans, position = [], 0
    for sentence in sentences:
        sentence = sentence.strip()
        if not sentence:
            continue
        start = text.find(sentence, position)
        if start < 0:
            if strict:
                raise ValueError(f"sentence not found in text: {sentence[:60]!r}")
            continue
        spans.append((start, start + len(sentence)))
        position = start + len(sentence)
    return spans


def seed_exact(segment: Segmenter, text: str) -> int:
    """How many of the seed's expected sentences the segmenter reproduces exactly."""
    return len(set(segment(text)) & set(locate(text, SEED_SENTENCES)))


def speed_corpus(gold_sets: dict[str, list[Document]], seed: str, size: int) -> list[str]:
    """Realistic documents (all gold texts and the seed) repeated to about size characters."""
    texts = [doc.text for docs in gold_sets.values() for doc in docs] + [seed]
    once = sum(map(len, texts))
    return texts * max(1, round(size / once))


def chars_per_second(segment: Segmenter, texts: list[str], runs: int = 5) -> float:
    """Characters per second over texts, one document at a time, best of runs."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            segment(text)
        best = min(best, time.perf_counter() - started)
    return sum(map(len, texts)) / best


def summary_line(f1_gsd: float, f1_golden: float, exact: int, speed: float) -> str:
    return (
        f"segmentation: f1_gsd={f1_gsd:.3f} f1_golden={f1_golden:.3f} "
        f"exact_seed={exact}/{len(SEED_SENTENCES)} chars_per_s={speed:.0f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="gold data directory")
    args = parser.parse_args(argv)
    gold_sets = load_gold_sets(args.data)
    seed = seed_text()

    scores = {key: evaluate(split_sentences, docs) for key, docs in gold_sets.items()}
    exact = seed_exact(split_sentences, seed)
    texts = speed_corpus(gold_sets, seed, SPEED_CORPUS_CHARS)
    speed = chars_per_second(split_sentences, texts)

    print(f"{'set':<8} {'docs':>5} {'bounds':>7} {'P':>6} {'R':>6} {'F1':>6} {'FP':>4} {'FN':>4}")
    for key, result in scores.items():
        gold_count = result.true_positives + result.false_negatives
        print(
            f"{key:<8} {len(gold_sets[key]):>5} {gold_count:>7} {result.precision:>6.3f} "
            f"{result.recall:>6.3f} {result.f1:>6.3f} {result.false_positives:>4} "
            f"{result.false_negatives:>4}"
        )
    print(f"seed exact: {exact}/{len(SEED_SENTENCES)}")
    print(f"speed: {speed:,.0f} chars/s ({sum(map(len, texts)):,} chars, one core, best of 5)")

    measured = {
        "f1_gsd": scores["gsd"].f1,
        "f1_golden": scores["golden"].f1,
        "exact_seed": exact,
        "chars_per_s": speed,
    }
    missed = [key for key, target in TARGETS.items() if measured[key] < target]
    for key, target in TARGETS.items():
        status = "MISSED" if key in missed else "met"
        print(f"target {key} >= {target:,}: {status}")
    print(summary_line(scores["gsd"].f1, scores["golden"].f1, exact, speed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
