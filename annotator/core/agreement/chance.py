"""Chance-corrected agreement over units: Cohen's kappa and Krippendorff's alpha (nominal).

Both compare the agreement observed with the agreement expected by chance:
``(observed - expected) / (1 - expected)``. When expected agreement is 1 —
every value is the same single category, e.g. two annotators who left the same
documents empty — the figure is undefined and reported as None with a reason,
never as a perfect 1.0. With no data at all it is None as well.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Kappa:
    """Cohen's kappa of two annotators over units, with its counts.

    ``observed`` is the share of units given the same category; ``expected`` is
    ``sum_c (a_c / n) (b_c / n)`` from each annotator's own category totals.
    ``table`` counts units per (category of A, category of B).
    """

    kappa: float | None
    observed: float | None
    expected: float | None
    n_units: int
    table: Mapping[tuple[str, str], int] = field(default_factory=dict, repr=False)
    reason: str | None = None


def cohen_kappa(table: Mapping[tuple[str, ...], int]) -> Kappa:
    """Cohen's kappa from a contingency table ``{(category_a, category_b): units}``."""
    n = sum(table.values())
    pairs = {(pair[0], pair[1]): count for pair, count in table.items() if count}
    if n == 0:
        return Kappa(None, None, None, 0, pairs, "no units to compare")
    totals_a: Counter[str] = Counter()
    totals_b: Counter[str] = Counter()
    agreed = 0
    for (category_a, category_b), count in pairs.items():
        totals_a[category_a] += count
        totals_b[category_b] += count
        if category_a == category_b:
            agreed += count
    chance = sum(count * totals_b[category] for category, count in totals_a.items())
    observed, expected = agreed / n, chance / (n * n)
    if chance == n * n:
        only = next(iter(totals_a))
        return Kappa(None, observed, expected, n, pairs,
                     f"expected agreement is 1: both annotators gave all {n} units the "
                     f"single category {only!r}, so kappa is undefined")
    return Kappa((observed - expected) / (1 - expected), observed, expected, n, pairs)


@dataclass(frozen=True, slots=True)
class Alpha:
    """Krippendorff's alpha (nominal), with its counts.

    ``n_units`` counts pairable units (given a value by two or more
    annotators); ``n_values`` the values in them. ``observed`` is the share of
    agreeing pairs of values within units; ``expected`` that share among all
    pairable values regardless of unit: ``sum_c n_c (n_c - 1) / (n (n - 1))``.
    """

    alpha: float | None
    observed: float | None
    expected: float | None
    n_units: int
    n_values: int
    reason: str | None = None


def krippendorff_nominal(values: Mapping[tuple[str | None, ...], int]) -> Alpha:
    """Alpha from ``{values of one unit: how many units had them}``.

    A unit's values are those of the annotators who gave one (None = missing);
    their order does not matter. Units with fewer than two values are not
    pairable and do not count.
    """
    coincidences: defaultdict[str, float] = defaultdict(float)  # o_cc, agreeing pairs
    totals: defaultdict[str, int] = defaultdict(int)  # n_c
    n_units = 0
    for unit_values, units in values.items():
        present = Counter(value for value in unit_values if value is not None)
        m = sum(present.values())
        if m < 2 or not units:
            continue
        n_units += units
        for category, count in present.items():
            totals[category] += units * count
            coincidences[category] += units * count * (count - 1) / (m - 1)
    n = sum(totals.values())
    if n == 0:
        return Alpha(None, None, None, 0, 0, "no unit has values from two or more annotators")
    observed = sum(coincidences.values()) / n
    expected = sum(total * (total - 1) for total in totals.values()) / (n * (n - 1))
    if sum(1 for total in totals.values() if total) == 1:
        only = next(iter(totals))
        return Alpha(None, observed, expected, n_units, n,
                     f"expected agreement is 1: every value is {only!r}, so alpha is undefined")
    return Alpha(1 - (1 - observed) / (1 - expected), observed, expected, n_units, n)
