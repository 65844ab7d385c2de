"""The agreement module: published reference values, missing data, spans; nltk's and
scikit-learn's figures as the reference implementations."""

import random
from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import masi_distance as nltk_masi
from sklearn.metrics import cohen_kappa_score

from annotations.agreement import (
    AlphaData,
    Claim,
    Review,
    agreement_report,
    canonical_ranges,
    cohen_kappa,
    dice,
    krippendorff_alpha,
    masi_distance,
    max_weight_matching,
    sentence_agreement,
    span_matches,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers,
# twelve units, missing values as None. Published: α = 0.743 (nominal).
RELIABILITY_DATA = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def reliability_units():
    return [
        [values[u] for values in RELIABILITY_DATA.values() if values[u] is not None]
        for u in range(12)
    ]


def test_alpha_matches_krippendorffs_missing_data_example():
    assert krippendorff_alpha(reliability_units()) == pytest.approx(0.743, abs=5e-4)


def test_alpha_matches_krippendorffs_binary_example():
    # Section A of the same paper: two observers, ten units, α = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(list(zip(a, b, strict=True))) == pytest.approx(0.095, abs=5e-4)


def test_units_with_one_value_are_not_pairable_and_change_nothing():
    units = reliability_units()
    assert krippendorff_alpha([*units, [7], [8]]) == krippendorff_alpha(units)


def test_alpha_is_undefined_without_variation():
    assert krippendorff_alpha([[1, 1], [1, 1, 1]]) is None


def test_bootstrap_interval_holds_the_estimate_and_repeats():
    data = AlphaData.from_units(reliability_units())
    low, high = data.bootstrap(2000, seed=1)
    assert low <= data.alpha() <= high
    assert data.bootstrap(2000, seed=1) == (low, high)


def test_bootstrap_interval_narrows_with_more_units():
    rng = random.Random(4)
    small = [
        [v, v if rng.random() < 0.8 else 1 - v] for v in (rng.randint(0, 1) for _ in range(40))
    ]
    large = small * 25
    small_low, small_high = AlphaData.from_units(small).bootstrap(500)
    large_low, large_high = AlphaData.from_units(large).bootstrap(500)
    assert large_high - large_low < (small_high - small_low) / 3


def nltk_task(triples, distance=None):
    return AnnotationTask(data=triples, distance=distance) if distance else AnnotationTask(triples)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.sampled_from("abc")), min_size=3, max_size=3),
        min_size=2,
        max_size=25,
    )
)
def test_nominal_alpha_matches_nltk_with_missing_data(rows):
    triples = [
        (f"r{coder}", f"u{unit}", value)
        for unit, values in enumerate(rows)
        for coder, value in enumerate(values)
        if value is not None
    ]
    units = [[v for v in values if v is not None] for values in rows]
    pairable = [values for values in units if len(values) >= 2]
    mine = krippendorff_alpha(units)
    if len({v for values in pairable for v in values}) < 2:
        assert mine is None
        return
    assert mine == pytest.approx(nltk_task(triples).alpha())


LABEL_SETS = st.frozensets(st.sampled_from(["opinion", "quoted_fact", "framing"]), max_size=3)


def nltk_labels(labels: frozenset) -> frozenset:
    # nltk's MASI divides by the union's size: "no claim" is given as a label of its own.
    return labels or frozenset({"none"})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(LABEL_SETS, min_size=2, max_size=3), min_size=2, max_size=20))
def test_masi_alpha_matches_nltk(rows):
    triples = [
        (f"r{coder}", f"u{unit}", nltk_labels(value))
        for unit, values in enumerate(rows)
        for coder, value in enumerate(values)
    ]
    mine = krippendorff_alpha(rows, masi_distance)
    if len({v for values in rows for v in values}) < 2:
        assert mine is None
        return
    assert mine == pytest.approx(nltk_task(triples, nltk_masi).alpha())


@given(LABEL_SETS, LABEL_SETS)
def test_masi_distance_is_nltks(a, b):
    assert masi_distance(a, b) == pytest.approx(nltk_masi(nltk_labels(a), nltk_labels(b)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("xyz"), st.sampled_from("xyz")), min_size=1, max_size=30))
def test_cohen_kappa_matches_nltk(pairs):
    triples = [
        (coder, i, value)
        for i, pair in enumerate(pairs)
        for coder, value in zip("AB", pair, strict=True)
    ]
    mine = cohen_kappa(pairs)
    task = nltk_task(triples)
    if mine is None:
        assert task.Ae_kappa("A", "B") == pytest.approx(1)
        return
    assert mine == pytest.approx(task.kappa_pairwise("A", "B"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(LABEL_SETS, LABEL_SETS), min_size=2, max_size=30))
def test_cohen_kappa_over_label_sets_matches_scikit_learn(pairs):
    # The pairs' κ of the report takes a reviewer's whole label set as one category.
    names = {labels: ",".join(sorted(labels)) or "no claim" for pair in pairs for labels in pair}
    first = [names[a] for a, _b in pairs]
    second = [names[b] for _a, b in pairs]
    mine = cohen_kappa(pairs)
    if len(set(first) | set(second)) < 2:
        assert mine is None
        return
    assert mine == pytest.approx(cohen_kappa_score(first, second))


def test_cohen_kappa_textbook_value():
    # 50 units: 20 yes/yes, 15 no/no, 5 yes/no, 10 no/yes; κ = 0.4.
    pairs = [("y", "y")] * 20 + [("n", "n")] * 15 + [("y", "n")] * 5 + [("n", "y")] * 10
    assert cohen_kappa(pairs) == pytest.approx(0.4)


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda rows: st.integers(1, 5).flatmap(
            lambda cols: st.lists(
                st.lists(st.floats(0, 10), min_size=cols, max_size=cols),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_hungarian_matching_finds_the_best_total(weights):
    rows, cols = len(weights), len(weights[0])
    best = max(
        sum(weights[i][j] for i, j in zip(order, range(cols), strict=False) if i is not None)
        for order in permutations([*range(rows), *([None] * cols)], cols)
    )
    pairs = max_weight_matching(weights)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert sum(weights[i][j] for i, j in pairs) == pytest.approx(best)


def test_a_discontinuous_claim_is_the_set_of_its_characters():
    assert canonical_ranges([[0, 2], [2, 5]], 10) == ((0, 5),)
    assert canonical_ranges([], 10) == ((0, 10),)
    faktisch_verloren = ((0, 8), (20, 28))
    assert dice(faktisch_verloren, ((0, 8),)) == pytest.approx(2 * 8 / (16 + 8))
    assert dice(faktisch_verloren, ((0, 28),)) == pytest.approx(2 * 16 / (16 + 28))


def test_span_matching_is_one_to_one():
    a = [((0, 10),), ((12, 20),)]
    b = [((0, 9),)]  # overlaps the first claim only, and only one of a's claims may take it
    assert span_matches(a, b) == (0, 1)
    assert span_matches(a, a) == (2, 2)
    assert span_matches([((0, 10),)], [((0, 10),), ((0, 10),)]) == (1, 1)


def test_relaxed_matching_prefers_more_matches_to_larger_overlaps():
    a = [((0, 10),), ((10, 20),)]
    b = [((0, 20),), ((5, 15),)]
    # (0,10)~(0,20) 0.67, (0,10)~(5,15) 0.5, (10,20)~(0,20) 0.67, (10,20)~(5,15) 0.5
    assert span_matches(a, b) == (0, 2)


def test_overlapping_claims_below_half_do_not_match():
    assert span_matches([((0, 10),)], [((8, 30),)]) == (0, 0)


def review(unit, reviewer, *claims, length=40, group="a1"):
    return Review(unit, reviewer, tuple(claims), length, group)


def test_a_missing_reviewer_is_not_a_no_claim():
    # Otto never saw sentence 2; Rita said "no claim" on it. If missing counted as "no claim"
    # the two would agree there.
    reviews = [
        review(1, "rita", Claim("opinion")),
        review(1, "otto", Claim("opinion")),
        review(2, "rita"),
        review(3, "rita"),
        review(3, "otto", Claim("opinion")),
    ]
    report = agreement_report(reviews, labels=["opinion"], bootstrap=0)
    assert report.units == 3
    assert report.pairable_units == 2
    (pair,) = report.pairs
    assert (pair.units, pair.observed) == (2, 0.5)
    assert report.overall.units == 2


def test_report_warns_where_figures_mislead():
    reviews = [review(u, r, Claim("opinion")) for u in range(10) for r in ("rita", "otto")]
    reviews.append(review(10, "rita"))
    reviews.append(review(10, "otto"))
    report = agreement_report(reviews, labels=["opinion", "framing"], bootstrap=0)
    codes = {w.code for w in report.overall.warnings}
    assert "few_units" in codes
    assert "prevalent_value" in codes
    framing = next(f for f in report.labels if f.label == "framing")
    assert framing.alpha.alpha is None
    assert "undefined" in {w.code for w in framing.alpha.warnings}
    assert "few_shared_units" in {w.code for w in report.pairs[0].warnings}


def test_report_span_f1_per_label_and_pair():
    reviews = [
        review(1, "rita", Claim("opinion", ((0, 8), (20, 28)))),
        review(1, "otto", Claim("opinion", ((0, 8), (20, 27)))),
        review(2, "rita", Claim("opinion", ((0, 5),))),
        review(2, "otto", Claim("opinion", ((0, 5),))),
        review(3, "rita", Claim("framing")),
        review(3, "otto"),
    ]
    report = agreement_report(reviews, labels=["opinion", "framing"], bootstrap=0)
    pair = report.pairs[0]
    assert pair.span_f1["opinion"].exact == pytest.approx(0.5)
    assert pair.span_f1["opinion"].relaxed == pytest.approx(1.0)
    assert pair.span_f1["framing"].relaxed == 0.0
    opinion = next(f for f in report.labels if f.label == "opinion")
    assert opinion.span_f1.claims == 4


def test_report_per_reviewer_against_others_and_gold():
    reviews = [
        review(1, "rita", Claim("opinion")),
        review(1, "otto", Claim("opinion")),
        review(1, "theo", Claim("framing")),
        review(2, "rita"),
        review(2, "otto"),
        review(2, "theo"),
    ]
    gold = {1: frozenset({"opinion"}), 2: frozenset()}
    report = agreement_report(reviews, labels=["opinion", "framing"], gold=gold, bootstrap=0)
    theo = next(r for r in report.per_reviewer if r.reviewer == "theo")
    assert (theo.comparisons, theo.differs_from_others) == (4, 0.5)
    assert (theo.gold_units, theo.differs_from_gold) == (2, 0.5)
    rita = next(r for r in report.per_reviewer if r.reviewer == "rita")
    assert rita.differs_from_gold == 0.0


def test_report_per_label_alpha_is_binary_alpha():
    reviews = [
        review(1, "rita", Claim("opinion")),
        review(1, "otto", Claim("opinion"), Claim("framing")),
        review(2, "rita", Claim("framing")),
        review(2, "otto"),
        review(3, "rita"),
        review(3, "otto"),
    ]
    report = agreement_report(reviews, labels=["opinion", "framing"], bootstrap=0)
    framing = next(f for f in report.labels if f.label == "framing")
    expected = krippendorff_alpha([[False, True], [True, False], [False, False]])
    assert framing.alpha.alpha == pytest.approx(expected)
    assert report.as_dict()["labels"][1]["label"] == "framing"


def test_sentence_agreement():
    assert sentence_agreement([frozenset({"a"}), frozenset({"a"})]) == 1.0
    assert sentence_agreement([frozenset({"a"})]) is None
    assert sentence_agreement([frozenset(), frozenset({"a"})]) == 0.0


def test_report_warns_about_a_reviewer_few_of_whose_sentences_anyone_else_reviewed():
    # Rita and Otto share 40 sentences; Theo reviewed 40 too, but only 3 of them with anyone.
    reviews = [review(u, r, Claim("opinion")) for u in range(40) for r in ("rita", "otto")]
    reviews += [review(u, "theo") for u in range(3)]
    reviews += [review(100 + u, "theo", Claim("opinion")) for u in range(37)]
    report = agreement_report(reviews, labels=["opinion"], bootstrap=0)
    theo = next(r for r in report.per_reviewer if r.reviewer == "theo")
    assert (theo.units, theo.shared_units) == (40, 3)
    (caveat,) = theo.warnings
    assert (caveat.code, caveat.details) == (
        "few_overlapping_units",
        {"reviewer": "theo", "units": 3},
    )
    assert caveat in report.warnings
    rita = next(r for r in report.per_reviewer if r.reviewer == "rita")
    assert (rita.shared_units, rita.warnings) == (40, [])
