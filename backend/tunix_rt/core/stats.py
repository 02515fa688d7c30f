"""Confidence intervals and significance tests for judge scores (numpy, no scipy).

Bootstrap resamples are drawn with numpy's PCG64 from `seed`, so every figure is
reproducible. Judge scores take few distinct values (0/1, or N/10), and then a resample is
drawn as multinomial counts of those values, which has exactly the distribution of
resampling the items themselves at a cost independent of the number of items.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

# Above this many distinct values, resample item indices instead of value counts.
MAX_LEVELS = 64
# Resampled indices held in memory at once (int64): 16 MiB.
CHUNK_ELEMENTS = 2_000_000
EXACT_BELOW = 25  # McNemar: exact binomial test under this many discordant pairs

FloatArray = npt.NDArray[np.float64]


def _as_array(values: Sequence[float], name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a flat sequence of numbers")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers only")
    return array


def _check(confidence: float, resamples: int) -> None:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, got {resamples}")


def resampled_means(values: FloatArray, resamples: int, seed: int) -> FloatArray:
    """Means of `resamples` bootstrap resamples (with replacement, same size) of `values`."""
    n = len(values)
    rng = np.random.default_rng(seed)
    levels, counts = np.unique(values, return_counts=True)
    if len(levels) <= MAX_LEVELS:
        draws = rng.multinomial(n, counts / n, size=resamples)
        means: FloatArray = (draws @ levels) / n
        return means
    rows = max(1, CHUNK_ELEMENTS // n)
    out = np.empty(resamples, dtype=np.float64)
    for start in range(0, resamples, rows):
        size = min(rows, resamples - start)
        out[start : start + size] = values[rng.integers(0, n, size=(size, n))].mean(axis=1)
    return out


def _interval(means: FloatArray, confidence: float) -> tuple[float, float]:
    tail = (1.0 - confidence) / 2
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return float(low), float(high)


def bootstrap_ci(
    values: Sequence[float], *, confidence: float = 0.95, resamples: int = 2000, seed: int = 0
) -> tuple[float, float, float]:
    """(mean, low, high): the sample mean and its percentile-bootstrap interval."""
    _check(confidence, resamples)
    array = _as_array(values, "values")
    if len(array) == 0:
        raise ValueError("values must not be empty")
    mean = float(array.mean())
    if len(array) == 1:
        return mean, mean, mean
    low, high = _interval(resampled_means(array, resamples, seed), confidence)
    # Float rounding can put the mean a hair outside a degenerate interval.
    return mean, min(low, mean), max(high, mean)


def paired_bootstrap(
    a: Sequence[float],
    b: Sequence[float],
    *,
    resamples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> dict[str, Any]:
    """Mean difference b − a over paired items, its bootstrap interval and a two-sided p.

    p = 2 × (resampled differences on the other side of 0, or at 0, + 1) / (resamples + 1),
    capped at 1; 1 when the observed difference is 0.
    """
    _check(confidence, resamples)
    first, second = _as_array(a, "a"), _as_array(b, "b")
    if len(first) != len(second):
        raise ValueError(f"a and b must be paired: {len(first)} and {len(second)} values")
    if len(first) == 0:
        raise ValueError("a and b must not be empty")
    differences = second - first
    observed = float(differences.mean())
    means = resampled_means(differences, resamples, seed)
    low, high = _interval(means, confidence)
    beyond = 0
    if observed > 0:
        beyond = int(np.count_nonzero(means <= 0))
    elif observed < 0:
        beyond = int(np.count_nonzero(means >= 0))
    p_value = 1.0 if observed == 0 else min(1.0, 2 * (beyond + 1) / (resamples + 1))
    return {
        "n": len(first),
        "mean_a": float(first.mean()),
        "mean_b": float(second.mean()),
        "mean_difference": observed,
        "ci_low": min(low, observed),
        "ci_high": max(high, observed),
        "confidence": confidence,
        "p_value": p_value,
        "resamples": resamples,
        "seed": seed,
    }


def mcnemar(wins_b: int, wins_a: int) -> dict[str, Any]:
    """McNemar's test on paired pass/fail outcomes, from the two discordant counts.

    `wins_b`: items b passes and a fails; `wins_a`: the reverse. Under 25 discordant pairs,
    the exact two-sided binomial test (statistic = the smaller count); otherwise chi-square
    with continuity correction, max(0, |b − c| − 1)² / (b + c), 1 degree of freedom.
    """
    for name, count in (("wins_b", wins_b), ("wins_a", wins_a)):
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {count!r}")
    discordant = wins_a + wins_b
    if discordant < EXACT_BELOW:
        smaller = min(wins_a, wins_b)
        tail = sum(math.comb(discordant, k) for k in range(smaller + 1)) / 2**discordant
        return {
            "statistic": float(smaller),
            "p_value": min(1.0, 2 * tail),
            "method": "exact",
        }
    statistic = max(0, abs(wins_b - wins_a) - 1) ** 2 / discordant
    # Chi-square with 1 dof: P(X > s) = P(|Z| > √s) = erfc(√(s/2)).
    return {
        "statistic": statistic,
        "p_value": math.erfc(math.sqrt(statistic / 2)),
        "method": "chi2",
    }


def discordant_pairs(a_passed: Sequence[bool], b_passed: Sequence[bool]) -> tuple[int, int]:
    """(wins_b, wins_a) for `mcnemar`: items only b passed, items only a passed."""
    if len(a_passed) != len(b_passed):
        raise ValueError(f"a and b must be paired: {len(a_passed)} and {len(b_passed)} items")
    wins_b = sum(1 for x, y in zip(a_passed, b_passed, strict=True) if y and not x)
    wins_a = sum(1 for x, y in zip(a_passed, b_passed, strict=True) if x and not y)
    return wins_b, wins_a


def cis_overlap(a_low: float, a_high: float, b_low: float, b_high: float) -> bool:
    """True when the intervals [a_low, a_high] and [b_low, b_high] share a point."""
    return a_low <= b_high and b_low <= a_high


# z for a two-sided 95% interval.
Z95 = 1.959963984540054


def wilson_interval(passed: int, total: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a pass rate; stays inside [0, 1] even at 0 or n passes."""
    if total <= 0:
        raise ValueError("total must be positive")
    p = passed / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)
