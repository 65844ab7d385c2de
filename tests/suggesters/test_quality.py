"""Specification of annotations.suggesters.quality on cases computed by hand."""

import pytest

from annotations.suggesters.quality import ALL_LABELS, Proposed, Reference, measure

OPINION, FACT = "opinion", "quoted_fact"


def row(rows, source, label):
    return next(r for r in rows if (r.source, r.label) == (source, label))


def test_precision_recall_and_f1_per_label_and_for_all_labels():
    reference = [
        Reference(1, FACT, ((0, 10),)),
        Reference(2, FACT, ((0, 20),)),
        Reference(2, OPINION, ((5, 9),)),
    ]
    proposed = [
        Proposed(1, FACT, ((0, 8),), "rules"),  # Dice 2*8/18 = 0.89: a match
        Proposed(2, FACT, ((15, 20),), "rules"),  # Dice 2*5/25 = 0.4: no match
        Proposed(3, OPINION, ((0, 4),), "rules"),  # nothing expected there
    ]
    rows = measure(proposed, reference)
    fact = row(rows, "rules", FACT)
    assert (fact.matched, fact.proposed, fact.expected) == (1, 2, 2)
    assert (fact.precision, fact.recall, fact.f1) == (0.5, 0.5, 0.5)
    opinion = row(rows, "rules", OPINION)
    assert (opinion.matched, opinion.proposed, opinion.expected) == (0, 1, 1)
    assert (opinion.precision, opinion.recall, opinion.f1) == (0.0, 0.0, 0.0)
    total = row(rows, "rules", ALL_LABELS)
    assert (total.matched, total.proposed, total.expected) == (1, 3, 3)
    assert total.f1 == pytest.approx(1 / 3)
    assert rows[-1] is total


def test_matching_is_one_to_one():
    reference = [Reference(1, FACT, ((0, 10),))]
    proposed = [Proposed(1, FACT, ((0, 10),), "m"), Proposed(1, FACT, ((0, 9),), "m")]
    fact = row(measure(proposed, reference), "m", FACT)
    assert (fact.matched, fact.precision, fact.recall) == (1, 0.5, 1.0)


def test_the_same_span_with_another_label_does_not_match():
    rows = measure([Proposed(1, OPINION, ((0, 5),), "m")], [Reference(1, FACT, ((0, 5),))])
    assert row(rows, "m", ALL_LABELS).matched == 0


def test_discontinuous_spans_compare_as_character_sets():
    reference = [Reference(1, "editorial_framing", ((0, 8), (20, 28)))]
    proposed = [Proposed(1, "editorial_framing", ((0, 8),), "m")]  # Dice 2*8/24 = 0.67
    assert row(measure(proposed, reference), "m", "editorial_framing").matched == 1


def test_each_source_is_measured_alone_and_a_label_it_never_proposes_has_recall_zero():
    reference = [Reference(1, FACT, ((0, 5),)), Reference(2, OPINION, ((0, 5),))]
    proposed = [Proposed(1, FACT, ((0, 5),), "a"), Proposed(2, OPINION, ((0, 5),), "b")]
    rows = measure(proposed, reference)
    assert row(rows, "a", OPINION).recall == 0.0
    assert row(rows, "a", OPINION).precision is None
    assert row(rows, "b", OPINION).f1 == 1.0
    assert [r.source for r in rows] == ["a", "a", "a", "b", "b", "b"]


def test_nothing_proposed_and_nothing_expected_gives_no_rows():
    assert measure([], []) == []
