"""Inter-annotator agreement over sentences: Krippendorff's α, Cohen's κ and span F1.

Pure Python (standard library only, no Django), so the pages, the API, the exports and the
benchmark share one implementation. The API, for other modules and for data users' scripts:

- ``Review(unit, reviewer, claims, length, group)``: one reviewer's judgement of one sentence.
  ``claims`` empty means "reviewed – no claim"; a sentence a reviewer has not reviewed simply has
  no Review from them, and counts as *missing*, never as "no claim".
- ``Claim(label, spans)``: spans are ``[start, end)`` code-point ranges relative to the sentence;
  ``()`` means the whole sentence. A discontinuous claim is the set of all its characters.
- ``agreement_report(reviews, labels=..., gold=..., bootstrap=1000, seed=0) -> Report``: every
  figure below; ``Report.as_dict()`` is JSON-ready (the API's and the dataset card's format).
- Building blocks: ``krippendorff_alpha(units, distance)``, ``cohen_kappa(pairs)``,
  ``masi_distance(a, b)``, ``dice(a, b)``, ``max_weight_matching(weights)``,
  ``sentence_agreement(label_sets)``.

Figures: per label, α nominal over the binary value "this reviewer put the label on the
sentence"; overall, α over each reviewer's *set* of labels with the MASI distance (Passonneau
2006), the empty set being "no claim"; pairwise κ over the label set as one category; per label
and pair, span F1 with one-to-one matching (exact: the same characters; relaxed: Dice ≥ 0.5).
Every figure carries the number of units it used and warnings where it misleads.

The 95 % interval of α is a percentile bootstrap over sentences (units are resampled with
replacement, so values given to one sentence stay together, as Zapf et al. 2016 recommend).
α is a sum over units of a few distinct "patterns" of values; resampling draws pattern counts
from a multinomial, so 1,000 resamples cost the same for 100 or 100,000 sentences.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

Span = tuple[int, int]
Distance = Callable[[Any, Any], float]

# Below this many units a figure's interval is too wide to compare anything.
MIN_UNITS = 30
# A category given to more than this share of values makes κ and α swing on a few units.
MAX_PREVALENCE = 0.85
# Relaxed span matching: claims match when their Dice overlap reaches this.
RELAXED_DICE = 0.5
BOOTSTRAP_SAMPLES = 1000


# Inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Claim:
    label: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Review:
    unit: Hashable
    reviewer: Hashable
    claims: tuple[Claim, ...] = ()
    length: int = 0
    group: Hashable = None


def canonical_ranges(spans: Iterable[Sequence[int]], length: int) -> tuple[Span, ...]:
    """The claimed characters as sorted, merged ranges: equal tuples mean the same characters.

    ``[]`` is the whole sentence; touching ranges merge, so [[0, 3], [3, 5]] equals [[0, 5]].
    """
    ranges = sorted((int(s), int(e)) for s, e in spans) if spans else [(0, length)]
    merged: list[list[int]] = []
    for start, end in ranges:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def _size(ranges: tuple[Span, ...]) -> int:
    return sum(end - start for start, end in ranges)


def _overlap(a: tuple[Span, ...], b: tuple[Span, ...]) -> int:
    total = i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            total += end - start
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def dice(a: tuple[Span, ...], b: tuple[Span, ...]) -> float:
    """Dice coefficient of two claims' character sets, given as canonical ranges."""
    sizes = _size(a) + _size(b)
    return 2 * _overlap(a, b) / sizes if sizes else 1.0


# Distances and coefficients -----------------------------------------------------------------


def nominal_distance(a: Hashable, b: Hashable) -> float:
    return 0.0 if a == b else 1.0


def masi_distance(a: frozenset, b: frozenset) -> float:
    """MASI distance of two label sets (Passonneau 2006); two empty sets ("no claim") agree."""
    if a == b:
        return 0.0
    common = len(a & b)
    if not common:
        return 1.0
    monotonicity = 2 / 3 if common == min(len(a), len(b)) else 1 / 3
    return 1 - common / len(a | b) * monotonicity


@dataclass(frozen=True)
class _Pattern:
    """What one unit adds to α: its observed disagreement and its values' pairable counts."""

    disagreement: float
    counts: tuple[tuple[Hashable, int], ...]


def _pattern(tally: Mapping[Hashable, int], distance: Distance) -> _Pattern | None:
    m = sum(tally.values())
    if m < 2:
        return None  # a value nobody else judged is not pairable
    observed = sum(tally[c] * tally[k] * distance(c, k) for c in tally for k in tally if c != k) / (
        m - 1
    )
    return _Pattern(observed, tuple(tally.items()))


class AlphaData:
    """The units of one α, grouped by their pattern of values; α and its bootstrap from it."""

    def __init__(
        self, patterns: Mapping[tuple, int], distance: Distance = nominal_distance
    ) -> None:
        """``patterns`` maps a unit's values (a tuple, any order) to how many units have them."""
        self.distance = distance
        self._weights: list[int] = []
        self._patterns: list[_Pattern] = []
        self.units = 0
        self.values: Counter = Counter()
        cache: dict = {}
        for values, count in patterns.items():
            pattern = _pattern(Counter(values), distance)
            if pattern is None:
                continue
            key = (pattern.disagreement, frozenset(pattern.counts))
            if key not in cache:
                cache[key] = len(self._patterns)
                self._patterns.append(pattern)
                self._weights.append(0)
            self._weights[cache[key]] += count
            self.units += count
            for value, n in pattern.counts:
                self.values[value] += n * count
        self._categories = sorted(self.values, key=repr)
        # Distances between the observed values, computed once.
        self._deltas = [[distance(c, k) for k in self._categories] for c in self._categories]

    @classmethod
    def from_units(
        cls, units: Iterable[Sequence[Hashable]], distance: Distance = nominal_distance
    ) -> AlphaData:
        """From units, each the values its reviewers gave (missing ones left out)."""
        # A unit's pattern is the multiset of its values: which reviewer gave which is irrelevant.
        patterns = Counter(frozenset(Counter(values).items()) for values in units)
        return cls(
            {tuple(v for v, n in pattern for _ in range(n)): c for pattern, c in patterns.items()},
            distance,
        )

    def alpha(self, weights: Sequence[int] | None = None) -> float | None:
        """α = 1 − D_o / D_e; None when every value is the same (α is then 0/0)."""
        weights = self._weights if weights is None else weights
        observed = 0.0
        totals: dict = defaultdict(float)
        for weight, pattern in zip(weights, self._patterns, strict=True):
            if weight:
                observed += weight * pattern.disagreement
                for value, n in pattern.counts:
                    totals[value] += weight * n
        n_total = sum(totals.values())
        if n_total < 2:
            return None
        counts = [totals.get(c, 0.0) for c in self._categories]
        expected = sum(
            counts[i] * counts[j] * self._deltas[i][j]
            for i in range(len(counts))
            for j in range(len(counts))
            if i != j
        )
        if expected == 0:
            return None
        return 1 - (n_total - 1) * observed / expected

    def bootstrap(self, samples: int, *, seed: int = 0, level: float = 0.95):
        """Percentile interval of α over ``samples`` resamples of the units; None if undefined."""
        if samples <= 0 or self.units < 2:
            return None
        rng = random.Random(seed)
        probabilities = [w / self.units for w in self._weights]
        estimates = []
        for _ in range(samples):
            value = self.alpha(_multinomial(rng, self.units, probabilities))
            if value is not None:
                estimates.append(value)
        if len(estimates) < samples / 2:
            return None
        estimates.sort()
        tail = (1 - level) / 2
        low = estimates[math.floor(tail * (len(estimates) - 1))]
        high = estimates[math.ceil((1 - tail) * (len(estimates) - 1))]
        return (low, high)

    def top_share(self) -> float:
        """The share of all pairable values taken by the most frequent one."""
        total = sum(self.values.values())
        return max(self.values.values()) / total if total else 0.0


def _multinomial(rng: random.Random, n: int, probabilities: Sequence[float]) -> list[int]:
    """Counts of ``n`` draws over categories with these probabilities (sequential binomials)."""
    counts = []
    remaining_n, remaining_p = n, 1.0
    for p in probabilities[:-1]:
        if remaining_n <= 0 or remaining_p <= 0:
            counts.append(0)
            continue
        share = min(1.0, p / remaining_p)
        drawn = rng.binomialvariate(remaining_n, share) if share < 1 else remaining_n
        counts.append(drawn)
        remaining_n -= drawn
        remaining_p -= p
    counts.append(max(remaining_n, 0))
    return counts


def krippendorff_alpha(
    units: Iterable[Sequence[Hashable]], distance: Distance = nominal_distance
) -> float | None:
    """Krippendorff's α over units, each the values its reviewers gave (missing ones left out)."""
    return AlphaData.from_units(units, distance).alpha()


def cohen_kappa(pairs: Iterable[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's κ of two reviewers over the units both judged; None when chance agreement is 1."""
    pairs = list(pairs)
    n = len(pairs)
    if not n:
        return None
    first = Counter(a for a, _b in pairs)
    second = Counter(b for _a, b in pairs)
    observed = sum(1 for a, b in pairs if a == b) / n
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def sentence_agreement(label_sets: Sequence[frozenset]) -> float | None:
    """One sentence's agreement: mean of 1 − MASI over its reviewers' pairs; None below two."""
    pairs = list(combinations(label_sets, 2))
    if not pairs:
        return None
    return 1 - sum(masi_distance(a, b) for a, b in pairs) / len(pairs)


def max_weight_matching(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """One-to-one (row, column) pairs of maximum total weight (Hungarian method, O(n³)).

    Written here rather than taken from scipy: the matrices are a sentence's claims of one label
    (rarely more than 3 × 3), where a pure-Python O(n³) loop is faster than converting to arrays,
    and scipy would add a large compiled dependency for these few lines.
    """
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if not rows or not cols:
        return []
    if rows == 1:
        best = max(range(cols), key=lambda j: weights[0][j])
        return [(0, best)]
    if cols == 1:
        best = max(range(rows), key=lambda i: weights[i][0])
        return [(best, 0)]
    transposed = rows > cols
    matrix = [list(col) for col in zip(*weights, strict=True)] if transposed else weights
    n, m = len(matrix), len(matrix[0])
    top = max(max(row) for row in matrix)
    cost = [[top - w for w in row] for row in matrix]
    # Potentials u (rows) and v (columns); owner[j] is the row matched to column j (1-based).
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0], j0 = i, 0
        slack, used = [math.inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], math.inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if reduced < slack[j]:
                        slack[j], way[j] = reduced, j0
                    if slack[j] < delta:
                        delta, j1 = slack[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    slack[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    pairs = [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
    return sorted((j, i) for i, j in pairs) if transposed else sorted(pairs)


def span_matches(a: Sequence[tuple[Span, ...]], b: Sequence[tuple[Span, ...]]) -> tuple[int, int]:
    """(exact, relaxed) one-to-one matches between two reviewers' claims of one label."""
    if not a or not b:
        return 0, 0
    exact = sum((Counter(a) & Counter(b)).values())
    if exact == min(len(a), len(b)):
        return exact, exact
    # Matching as many claims as possible comes first; total overlap only breaks ties.
    scale = max(len(a), len(b)) + 1
    overlaps = [[dice(x, y) for y in b] for x in a]
    weights = [[1 + d / scale if d >= RELAXED_DICE else 0.0 for d in row] for row in overlaps]
    relaxed = sum(1 for i, j in max_weight_matching(weights) if weights[i][j] > 0)
    return exact, relaxed


# The report ---------------------------------------------------------------------------------


@dataclass
class Caveat:
    code: str  # few_units, prevalent_value, undefined, few_shared_units, few_overlapping_units
    message: str  # in English; ``details`` hold its figures, for pages that translate it
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Alpha:
    alpha: float | None
    interval: tuple[float, float] | None
    units: int
    warnings: list[Caveat] = field(default_factory=list)


@dataclass
class SpanF1:
    exact: float | None
    relaxed: float | None
    claims: int  # both reviewers' claims of the label on their shared sentences


@dataclass
class LabelFigures:
    label: str
    alpha: Alpha
    prevalence: float  # share of (reviewer, sentence) judgements carrying the label
    span_f1: SpanF1  # micro-averaged over all reviewer pairs


@dataclass
class PairFigures:
    reviewers: tuple[Hashable, Hashable]
    units: int
    kappa: float | None
    observed: float | None  # share of shared sentences with the same label set
    span_f1: dict[str, SpanF1]
    warnings: list[Caveat] = field(default_factory=list)


@dataclass
class ReviewerFigures:
    reviewer: Hashable
    units: int
    shared_units: int  # their sentences that another reviewer reviewed too
    comparisons: int
    differs_from_others: float | None  # share of pairwise comparisons with another label set
    gold_units: int
    differs_from_gold: float | None
    warnings: list[Caveat] = field(default_factory=list)


@dataclass
class GroupFigures:
    group: Hashable
    units: int
    alpha: Alpha


@dataclass
class Report:
    units: int  # sentences with at least one review
    pairable_units: int  # sentences with at least two
    reviewers: list[Hashable]
    overall: Alpha
    labels: list[LabelFigures]
    pairs: list[PairFigures]
    per_reviewer: list[ReviewerFigures]
    groups: list[GroupFigures]
    warnings: list[Caveat]

    def as_dict(self) -> dict:
        return asdict(self)


def _alpha_figure(data: AlphaData, *, bootstrap: int, seed: int, what: str) -> Alpha:
    value = data.alpha()
    warnings = _unit_warnings(data.units, what)
    if value is None and data.units:
        warnings.append(
            Caveat("undefined", f"{what}: every judgement is the same, so α is undefined.", {})
        )
    elif data.units and data.top_share() > MAX_PREVALENCE:
        warnings.append(
            Caveat(
                "prevalent_value",
                f"{what}: one value makes up {data.top_share():.0%} of the judgements; "
                "α and κ then swing on a few sentences.",
                {"share": data.top_share()},
            )
        )
    interval = data.bootstrap(bootstrap, seed=seed) if value is not None else None
    return Alpha(value, interval, data.units, warnings)


def _unit_warnings(units: int, what: str) -> list[Caveat]:
    if units < MIN_UNITS:
        return [
            Caveat(
                "few_units",
                f"{what}: only {units} sentences judged by two or more reviewers "
                f"(fewer than {MIN_UNITS}); the figure is not reliable.",
                {"units": units},
            )
        ]
    return []


def _overlap_warnings(reviewer: Hashable, shared: int) -> list[Caveat]:
    """A reviewer few of whose sentences anyone else reviewed: their figures say little."""
    if shared >= MIN_UNITS:
        return []
    return [
        Caveat(
            "few_overlapping_units",
            f"{reviewer}: only {shared} of their sentences were also reviewed by someone else "
            f"(fewer than {MIN_UNITS}); how often they differ from the others says little.",
            {"reviewer": reviewer, "units": shared},
        )
    ]


def _f1(matched: int, claims: int) -> float | None:
    return 2 * matched / claims if claims else None


def agreement_report(
    reviews: Iterable[Review],
    *,
    labels: Sequence[str],
    gold: Mapping[Any, frozenset] | None = None,
    bootstrap: int = BOOTSTRAP_SAMPLES,
    seed: int = 0,
    per_group: bool = True,
) -> Report:
    """Every agreement figure over ``reviews``; ``gold`` maps units to their gold label sets."""
    units: dict[Hashable, dict[Hashable, Review]] = defaultdict(dict)
    for review in reviews:
        units[review.unit][review.reviewer] = review
    reviewers = sorted({r for judged in units.values() for r in judged}, key=repr)
    rank = {name: i for i, name in enumerate(reviewers)}
    label_order = list(labels)

    # Label sets are interned: patterns are tuples of small ints, cheap to hash and sort.
    set_ids: dict[frozenset, int] = {}
    masi_patterns: Counter = Counter()
    group_patterns: dict[Hashable, Counter] = defaultdict(Counter)
    label_patterns: dict[str, Counter] = {label: Counter() for label in label_order}
    label_present: Counter = Counter()
    judgements = 0
    pair_cells: dict[tuple, list] = defaultdict(list)
    pair_spans: dict[tuple, dict[str, list[int]]] = defaultdict(dict)
    differs: Counter = Counter()
    compared: Counter = Counter()
    reviewed: Counter = Counter()
    shared_units: Counter = Counter()
    gold_differs: Counter = Counter()
    gold_units: Counter = Counter()
    pairable = 0
    no_spans: dict[str, list] = {}

    for unit, judged in units.items():
        names = sorted(judged, key=rank.__getitem__)
        sets: list[frozenset] = []
        spans: list[dict[str, list[tuple[Span, ...]]]] = []
        unit_gold = gold.get(unit) if gold is not None else None
        group = None
        for name in names:
            review = judged[name]
            group = review.group
            if review.claims:
                by_label: dict[str, list[tuple[Span, ...]]] = {}
                for claim in review.claims:
                    ranges = canonical_ranges(claim.spans, review.length)
                    by_label.setdefault(claim.label, []).append(ranges)
                labelled = frozenset(by_label)
            else:
                by_label, labelled = no_spans, frozenset()
            spans.append(by_label)
            sets.append(labelled)
            reviewed[name] += 1
            label_present.update(labelled)
            if unit_gold is not None:
                gold_units[name] += 1
                gold_differs[name] += labelled != unit_gold
        judgements += len(names)
        key = tuple(sorted(set_ids.setdefault(s, len(set_ids)) for s in sets))
        masi_patterns[key] += 1
        if per_group:
            group_patterns[group][key] += 1
        m = len(names)
        for label in label_order:
            label_patterns[label][(sum(1 for s in sets if label in s), m)] += 1
        if m < 2:
            continue
        pairable += 1
        shared_units.update(names)
        for i, j in combinations(range(m), 2):
            a, b, set_a, set_b = names[i], names[j], sets[i], sets[j]
            pair = (a, b)
            pair_cells[pair].append((set_a, set_b))
            compared[a] += 1
            compared[b] += 1
            if set_a != set_b:
                differs[a] += 1
                differs[b] += 1
            cells = pair_spans[pair]
            for label in set_a | set_b:
                first, second = spans[i].get(label, ()), spans[j].get(label, ())
                exact, relaxed = span_matches(first, second)
                cell = cells.get(label)
                if cell is None:
                    cell = cells[label] = [0, 0, 0]
                cell[0] += exact
                cell[1] += relaxed
                cell[2] += len(first) + len(second)

    by_id = {i: s for s, i in set_ids.items()}

    def masi_data(patterns: Counter) -> AlphaData:
        values = {tuple(by_id[i] for i in key): count for key, count in patterns.items()}
        return AlphaData(values, masi_distance)

    def binary_data(patterns: Counter) -> AlphaData:
        values = {(True,) * p + (False,) * (m - p): count for (p, m), count in patterns.items()}
        return AlphaData(values)

    overall = _alpha_figure(
        masi_data(masi_patterns), bootstrap=bootstrap, seed=seed, what="All labels"
    )
    label_figures = []
    for label in label_order:
        totals = [0, 0, 0]
        for cells in pair_spans.values():
            for i, n in enumerate(cells.get(label, (0, 0, 0))):
                totals[i] += n
        label_figures.append(
            LabelFigures(
                label=label,
                alpha=_alpha_figure(
                    binary_data(label_patterns[label]), bootstrap=bootstrap, seed=seed, what=label
                ),
                prevalence=label_present[label] / judgements if judgements else 0.0,
                span_f1=SpanF1(_f1(totals[0], totals[2]), _f1(totals[1], totals[2]), totals[2]),
            )
        )

    pairs = []
    # Pairs in the reviewers' order; pair_cells keys follow the same order.
    warnings = list(overall.warnings)
    for a, b in combinations(reviewers, 2):
        shared = pair_cells.get((a, b), [])
        cell_warnings = []
        if len(shared) < MIN_UNITS:
            cell_warnings.append(
                Caveat(
                    "few_shared_units",
                    f"{a} and {b} share only {len(shared)} sentences (fewer than {MIN_UNITS}).",
                    {"reviewers": [a, b], "units": len(shared)},
                )
            )
        spans_of_pair = pair_spans.get((a, b), {})
        pairs.append(
            PairFigures(
                reviewers=(a, b),
                units=len(shared),
                kappa=cohen_kappa(shared),
                observed=(sum(1 for x, y in shared if x == y) / len(shared)) if shared else None,
                span_f1={
                    label: SpanF1(_f1(c[0], c[2]), _f1(c[1], c[2]), c[2])
                    for label in label_order
                    if (c := spans_of_pair.get(label))
                },
                warnings=cell_warnings,
            )
        )
        if shared and len(shared) < MIN_UNITS:
            warnings.extend(cell_warnings)

    per_reviewer = [
        ReviewerFigures(
            reviewer=name,
            units=reviewed[name],
            shared_units=shared_units[name],
            comparisons=compared[name],
            differs_from_others=differs[name] / compared[name] if compared[name] else None,
            gold_units=gold_units[name],
            differs_from_gold=gold_differs[name] / gold_units[name] if gold_units[name] else None,
            warnings=_overlap_warnings(name, shared_units[name]),
        )
        for name in reviewers
    ]
    for figures in per_reviewer:
        warnings.extend(figures.warnings)
    group_figures = [
        GroupFigures(
            group=group,
            units=sum(patterns.values()),
            alpha=_alpha_figure(masi_data(patterns), bootstrap=0, seed=seed, what=str(group)),
        )
        for group, patterns in group_patterns.items()
    ]
    return Report(
        units=len(units),
        pairable_units=pairable,
        reviewers=reviewers,
        overall=overall,
        labels=label_figures,
        pairs=pairs,
        per_reviewer=per_reviewer,
        groups=group_figures,
        warnings=warnings,
    )
