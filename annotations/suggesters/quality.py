"""How good a source's suggestions are: precision, recall and F1 against reference claims.

Pure Python, like ``agreement.py``, whose relaxed span matching it reuses: within one sentence
and one label, proposed and reference claims are matched one to one (Hungarian method) where
their characters overlap with Dice >= 0.5. Spans come resolved (a whole-sentence claim is
``((0, len),)``). Rows per source and label, and one ``ALL_LABELS`` row per source that sums
the counts over labels (micro average). The reference is the curators' gold where there is
one, else reviewers' claims; the caller decides and says so.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from annotations.agreement import canonical_ranges, span_matches

ALL_LABELS = "all labels"
Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Reference:
    sentence_id: int
    label: str
    spans: Spans


@dataclass(frozen=True, slots=True)
class Proposed:
    sentence_id: int
    label: str
    spans: Spans
    source: str


@dataclass(frozen=True, slots=True)
class QualityRow:
    source: str
    label: str
    matched: int
    proposed: int
    expected: int
    precision: float | None  # None when nothing was proposed
    recall: float | None  # None when nothing was expected
    f1: float | None  # None when both are None; 0.0 when one side is empty and the other not


def _canonical(spans: Spans) -> Spans:
    # Resolved spans never mean "whole sentence" by being empty; a length is not needed.
    return canonical_ranges(spans, 0) if spans else ()


def _row(source: str, label: str, matched: int, proposed: int, expected: int) -> QualityRow:
    precision = matched / proposed if proposed else None
    recall = matched / expected if expected else None
    total = proposed + expected
    f1 = 2 * matched / total if total else None
    return QualityRow(source, label, matched, proposed, expected, precision, recall, f1)


def measure(proposed: Iterable[Proposed], reference: Iterable[Reference]) -> list[QualityRow]:
    """One row per (source, label) that was proposed or expected, then each source's total.

    Every source is measured against the whole reference, so a label a source never proposes
    still has a row with its expected count (recall 0). Rows are sorted by source, then label,
    the ``ALL_LABELS`` row last within its source.
    """
    expected: dict[tuple[str, int], list[Spans]] = defaultdict(list)
    for ref in reference:
        expected[(ref.label, ref.sentence_id)].append(_canonical(ref.spans))
    by_source: dict[str, dict[tuple[str, int], list[Spans]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for claim in proposed:
        by_source[claim.source][(claim.label, claim.sentence_id)].append(_canonical(claim.spans))
    labels = sorted({label for label, _ in expected})
    rows: list[QualityRow] = []
    for source in sorted(by_source):
        ours = by_source[source]
        counts: dict[str, list[int]] = {label: [0, 0, 0] for label in labels}
        for label, _ in ours:
            counts.setdefault(label, [0, 0, 0])
        for key in set(ours) | set(expected):
            label = key[0]
            mine, theirs = ours.get(key, []), expected.get(key, [])
            _, relaxed = span_matches(mine, theirs)
            counts[label][0] += relaxed
            counts[label][1] += len(mine)
            counts[label][2] += len(theirs)
        for label in sorted(counts):
            rows.append(_row(source, label, *counts[label]))
        totals = [sum(c[i] for c in counts.values()) for i in range(3)]
        rows.append(_row(source, ALL_LABELS, *totals))
    return rows
