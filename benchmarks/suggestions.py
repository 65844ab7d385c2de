"""Benchmark of the rule suggester (annotations.suggesters.rules) against its targets.

Measures precision, recall and F1 per label with one-to-one relaxed matching (Dice >= 0.5,
annotations.suggesters.quality) on three hand-labelled sets in benchmarks/data/suggestions/
(German Wikinews articles, sentences written for the set, the seed article; README there), the
share of matched claims whose speaker is right, and speed in sentences per second on one core
over the sets repeated to a large corpus. The baseline is the naive rule "every quotation is a
quoted fact, no speaker". Run from the repo root:

    .venv/bin/python benchmarks/suggestions.py

The last line is a one-line summary; the exit status is non-zero when a target is missed.
"""

import argparse
import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotations.agreement import RELAXED_DICE, canonical_ranges, dice  # noqa: E402
from annotations.suggesters.base import ArticleText, Source, Suggestion  # noqa: E402
from annotations.suggesters.quality import (  # noqa: E402
    ALL_LABELS,
    Proposed,
    QualityRow,
    Reference,
    measure,
)
from annotations.suggesters.quotes import find_quotations  # noqa: E402
from annotations.suggesters.rules import RuleSuggester  # noqa: E402

DATA = REPO / "benchmarks" / "data" / "suggestions"
SETS = {
    "wikinews": "wikinews_de.jsonl",
    "constructed": "constructed.jsonl",
    "seed": "seed_gold.jsonl",
}
SPEED_SENTENCES = 60_000
# Floors a change must not fall below (the figures in docs/suggestions.md, rounded down), and
# the speed target.
TARGETS = {
    "f1_wikinews": 0.8,
    "f1_seed": 0.75,
    "f1_all": 0.8,
    "sentences_per_s": 2_000,
}


@dataclass(frozen=True)
class Article:
    id: str
    text: ArticleText
    claims: tuple[dict, ...]


def load(path: Path) -> list[Article]:
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [
        Article(
            row["id"],
            ArticleText(row["title"], row["language"], tuple(row["sentences"])),
            tuple(row["claims"]),
        )
        for row in rows
    ]


class QuotationBaseline:
    """Every quotation, as it stands, is a quoted fact of nobody in particular."""

    name = "baseline"
    version = "1"

    def suggest(self, article: ArticleText) -> list[Suggestion]:
        found = []
        for quotation in find_quotations(article.sentences):
            for index in quotation.sentences:
                start, end = quotation.piece(index, len(article.sentences[index]))
                if start < end and article.sentences[index][start:end].strip():
                    found.append(
                        Suggestion(
                            index, "quoted_fact", ((start, end),), "", "", 0.5, "baseline", "1"
                        )
                    )
        return found


def _resolved(spans: Sequence[Sequence[int]], length: int) -> tuple[tuple[int, int], ...]:
    return tuple((int(s), int(e)) for s, e in spans) if spans else ((0, length),)


def proposals(
    source: Source, articles: Iterable[Article]
) -> tuple[list[Proposed], list[Reference]]:
    """Suggestions and gold of all articles, sentence ids made unique across articles."""
    proposed: list[Proposed] = []
    reference: list[Reference] = []
    offset = 0
    for article in articles:
        sentences = article.text.sentences
        for suggestion in source.suggest(article.text):
            length = len(sentences[suggestion.sentence])
            proposed.append(
                Proposed(
                    offset + suggestion.sentence,
                    suggestion.label,
                    _resolved(suggestion.spans, length),
                    source.name,
                )
            )
        for claim in article.claims:
            length = len(sentences[claim["sentence"]])
            reference.append(
                Reference(
                    offset + claim["sentence"], claim["label"], _resolved(claim["spans"], length)
                )
            )
        offset += len(sentences)
    return proposed, reference


def speaker_accuracy(articles: Iterable[Article]) -> tuple[int, int]:
    """(right, compared): gold claims with a speaker, matched by a same-label suggestion."""
    right = compared = 0
    suggester = RuleSuggester()
    for article in articles:
        suggestions = suggester.suggest(article.text)
        for claim in article.claims:
            if not claim["speaker"]:
                continue
            length = len(article.text.sentences[claim["sentence"]])
            gold = canonical_ranges(_resolved(claim["spans"], length), length)
            for suggestion in suggestions:
                if suggestion.sentence != claim["sentence"] or suggestion.label != claim["label"]:
                    continue
                mine = canonical_ranges(_resolved(suggestion.spans, length), length)
                if dice(mine, gold) >= RELAXED_DICE:
                    compared += 1
                    right += _same_speaker(suggestion.speaker, claim["speaker"])
                    break
    return right, compared


def _same_speaker(mine: str, gold: str) -> bool:
    """The suggested name is the gold one, or holds it ("Sprecher der Stadt" in longer text)."""
    a, b = mine.casefold().strip(), gold.casefold().strip()
    return bool(a) and (a == b or b in a)


def sentences_per_second(articles: list[Article], size: int, runs: int = 3) -> tuple[float, int]:
    once = sum(len(a.text.sentences) for a in articles)
    corpus = [a.text for a in articles] * max(1, round(size / once))
    count = sum(len(text.sentences) for text in corpus)
    suggester = RuleSuggester()
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for text in corpus:
            suggester.suggest(text)
        best = min(best, time.perf_counter() - started)
    return count / best, count


def overall(rows: list[QualityRow]) -> QualityRow:
    return next(row for row in rows if row.label == ALL_LABELS)


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="evaluation data directory")
    args = parser.parse_args(argv)
    missing = [name for name in SETS.values() if not (args.data / name).is_file()]
    if missing:
        sys.exit(f"evaluation data not found in {args.data}: {', '.join(missing)}")
    sets = {key: load(args.data / name) for key, name in SETS.items()}
    everything = [article for articles in sets.values() for article in articles]

    print(
        f"{'set':<12} {'label':<18} {'sents':>5} {'gold':>5} {'sugg':>5} {'match':>5} "
        f"{'P':>6} {'R':>6} {'F1':>6} {'base F1':>7}"
    )
    figures: dict[str, QualityRow] = {}
    for key, articles in [*sets.items(), ("all", everything)]:
        rows = measure(*proposals(RuleSuggester(), articles))
        base = {row.label: row for row in measure(*proposals(QuotationBaseline(), articles))}
        sentences = sum(len(a.text.sentences) for a in articles)
        for row in rows:
            base_f1 = base[row.label].f1 if row.label in base else None
            print(
                f"{key:<12} {row.label:<18} {sentences:>5} {row.expected:>5} {row.proposed:>5} "
                f"{row.matched:>5} {_figure(row.precision):>6} {_figure(row.recall):>6} "
                f"{_figure(row.f1):>6} {_figure(base_f1):>7}"
            )
        figures[key] = overall(rows)
        figures[f"{key}_baseline"] = overall(list(base.values()))
    right, compared = speaker_accuracy(everything)
    print(f"speaker right on matched claims with a gold speaker: {right}/{compared}")
    speed, count = sentences_per_second(everything, SPEED_SENTENCES)
    print(f"speed: {speed:,.0f} sentences/s ({count:,} sentences, one core, best of 3)")

    total, baseline = figures["all"], figures["all_baseline"]
    ratio = (total.f1 or 0) / baseline.f1 if baseline.f1 else float("inf")
    print(f"F1 all labels: {_figure(total.f1)}, baseline {_figure(baseline.f1)} (x{ratio:.2f})")
    measured = {
        "f1_wikinews": figures["wikinews"].f1 or 0.0,
        "f1_seed": figures["seed"].f1 or 0.0,
        "f1_all": total.f1 or 0.0,
        "sentences_per_s": speed,
    }
    missed = [key for key, target in TARGETS.items() if measured[key] < target]
    for key, target in TARGETS.items():
        status = "MISSED" if key in missed else "met"
        value = measured[key]
        print(f"target {key} >= {target:,}: {status} ({value:,.3f}, x{value / target:.2f})")
    print(
        f"suggestions: precision={_figure(total.precision)} recall={_figure(total.recall)} "
        f"f1={_figure(total.f1)} sentences_per_s={speed:.0f}"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
