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
from dataclasses import dataclass

from annotator.core.agreement.documents import OUTSIDE


@dataclass(frozen=True, slots=True, repr=False)
class Kappa:
    """Cohen's kappa of two annotators over units, computed from the counts kept.

    ``table`` counts units per (category of A, category of B). ``observed`` is
    the share of units given the same category; ``expected`` is
    ``sum_c (a_c / n) (b_c / n)`` from each annotator's own category totals;
    ``kappa = (observed - expected) / (1 - expected)``. Figures are None when
    undefined, and ``reason`` says why.
    """

    table: Mapping[tuple[str, ...], int]

    @property
    def n_units(self) -> int:
        return sum(self.table.values())

    @property
    def observed(self) -> float | None:
        n = self.n_units
        return self._agreed() / n if n else None

    @property
    def expected(self) -> float | None:
        n = self.n_units
        return self._chance() / (n * n) if n else None

    @property
    def kappa(self) -> float | None:
        n = self.n_units
        chance = self._chance()
        if not n or chance == n * n:
            return None
        observed, expected = self._agreed() / n, chance / (n * n)
        return (observed - expected) / (1 - expected)

    @property
    def reason(self) -> str | None:
        """Why kappa is None, or None when it is defined."""
        n = self.n_units
        if not n:
            return "no units to compare"
        if self._chance() == n * n:
            only = next(pair[0] for pair, count in self.table.items() if count)
            return (f"expected agreement is 1: both annotators gave all {n} units the "
                    f"single category {only!r}, so kappa is undefined")
        return None

    def __repr__(self) -> str:
        return (f"Kappa(kappa={self.kappa}, observed={self.observed}, "
                f"expected={self.expected}, n_units={self.n_units}, reason={self.reason!r})")

    def _agreed(self) -> int:
        return sum(count for (a, b), count in self.table.items() if a == b)

    def _chance(self) -> int:
        """``n * n * expected``, in whole numbers so that 1 is exact."""
        totals_a: Counter[str] = Counter()
        totals_b: Counter[str] = Counter()
        for (a, b), count in self.table.items():
            totals_a[a] += count
            totals_b[b] += count
        return sum(count * totals_b[category] for category, count in totals_a.items())


def cohen_kappa(table: Mapping[tuple[str, ...], int]) -> Kappa:
    """Cohen's kappa from a contingency table ``{(category_a, category_b): units}``."""
    return Kappa(table)


def binary_table(label: str, n_units: int, units_a: int, units_b: int,
                 units_both: int) -> dict[tuple[str, ...], int]:
    """The present/absent contingency table of one label from unit counts."""
    return {(label, label): units_both, (label, OUTSIDE): units_a - units_both,
            (OUTSIDE, label): units_b - units_both,
            (OUTSIDE, OUTSIDE): n_units - units_a - units_b + units_both}


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
    agreeing = 0.0  # the sum of o_cc: pairs of agreeing values within units
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
            agreeing += units * count * (count - 1) / (m - 1)
    return alpha_from_counts(agreeing, totals, n_units)


def alpha_from_counts(agreeing: float, totals: Mapping[str, int], n_units: int) -> Alpha:
    """Alpha from the coincidences of pairable units: ``agreeing`` is the sum of
    ``o_cc`` over categories, ``totals`` the values of each category (``n_c``),
    ``n_units`` the units they come from."""
    n = sum(totals.values())
    if n == 0:
        return Alpha(None, None, None, 0, 0, "no unit has values from two or more annotators")
    observed = agreeing / n
    expected = sum(total * (total - 1) for total in totals.values()) / (n * (n - 1))
    present = [category for category, total in totals.items() if total]
    if len(present) == 1:
        return Alpha(None, observed, expected, n_units, n,
                     f"expected agreement is 1: every value is {present[0]!r}, so alpha is "
                     "undefined")
    return Alpha(1 - (1 - observed) / (1 - expected), observed, expected, n_units, n)
