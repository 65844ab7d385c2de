"""Comparison of sentence segmenters on the gold sets of benchmarks/segmentation.py.

Evaluates pySBD, syntok, spaCy's rule-based sentencizer (blank "de" pipeline), SoMaJo and ours
with the same metric (boundary F1 on UD German-GSD dev and the pySBD German golden rules, the
seed article's exact split) and speed. The libraries are not dependencies of the project
(SoMaJo is GPL-3.0: evaluated here only, never shipped), so run this in a separate venv:

    python3 -m venv ../segcmp
    ../segcmp/bin/pip install pysbd syntok spacy somajo
    ../segcmp/bin/python benchmarks/segmentation_libraries.py [--data DIR]

A library that is not installed is reported as "not installed". The output is a markdown table,
as pasted into docs/segmentation.md.
"""

import argparse
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import segmentation as bench  # benchmarks/segmentation.py: the shared metric

from annotations.segmentation import split_sentences

SPEED_CORPUS_CHARS = 400_000  # smaller than our own benchmark's: some libraries are slow
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())


def _non_empty(text: str, spans: list[tuple[int, int]]) -> bench.Spans:
    stripped = (_strip(text, start, end) for start, end in spans)
    return [(start, end) for start, end in stripped if start < end]


def _pysbd() -> bench.Segmenter:
    import pysbd

    segmenter = pysbd.Segmenter(language="de", clean=False)
    return lambda text: bench.locate(text, segmenter.segment(text), strict=False)


def _syntok() -> bench.Segmenter:
    from syntok import segmenter

    def segment(text: str) -> bench.Spans:
        return [
            (sentence[0].offset, sentence[-1].offset + len(sentence[-1].value))
            for paragraph in segmenter.analyze(text)
            for sentence in paragraph
        ]

    return segment


def _spacy() -> bench.Segmenter:
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000
    return lambda text: _non_empty(
        text, [(sent.start_char, sent.end_char) for sent in nlp(text).sents]
    )


def _somajo() -> bench.Segmenter:
    from somajo import SoMaJo

    tokenizer = SoMaJo("de_CMC", character_offsets=True)

    def segment(text: str) -> bench.Spans:
        # SoMaJo takes a text as paragraphs and counts offsets from each paragraph's start.
        spans = []
        for start, paragraph in _paragraphs(text):
            for sentence in tokenizer.tokenize_text([paragraph]):
                first, last = sentence[0].character_offset, sentence[-1].character_offset
                spans.append((start + first[0], start + last[1]))
        return spans

    return segment


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """The blank-line separated paragraphs of text with their start offsets."""
    result, position = [], 0
    for blank in [*_BLANK_LINE.finditer(text), None]:
        end = blank.start() if blank else len(text)
        result.append((position, text[position:end]))
        position = blank.end() if blank else len(text)
    return result


LIBRARIES: dict[str, tuple[str, Callable[[], bench.Segmenter], str]] = {
    # name: (module to check, factory, licence)
    "pySBD": ("pysbd", _pysbd, "MIT"),
    "syntok": ("syntok", _syntok, "MIT"),
    "spaCy sentencizer": ("spacy", _spacy, "MIT"),
    "SoMaJo": ("somajo", _somajo, "GPL-3.0"),
    "ours": ("annotations", lambda: split_sentences, "MIT (this project)"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=bench.DEFAULT_DATA, help="gold data dir")
    args = parser.parse_args(argv)
    gold_sets = bench.load_gold_sets(args.data)
    seed = bench.seed_text()
    texts = bench.speed_corpus(gold_sets, seed, SPEED_CORPUS_CHARS)
    total = len(bench.SEED_SENTENCES)

    print("| library | F1 GSD | F1 pysbd golden | seed exact | chars/s | licence |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, (module, factory, licence) in LIBRARIES.items():
        if importlib.util.find_spec(module) is None:
            print(f"| {name} | not installed | | | | {licence} |")
            continue
        segment = factory()
        gsd = bench.evaluate(segment, gold_sets["gsd"]).f1
        golden = bench.evaluate(segment, gold_sets["golden"]).f1
        exact = bench.seed_exact(segment, seed)
        speed = bench.chars_per_second(segment, texts, runs=3)
        row = f"{gsd:.3f} | {golden:.3f} | {exact}/{total} | {speed:,.0f}"
        print(f"| {name} | {row} | {licence} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
