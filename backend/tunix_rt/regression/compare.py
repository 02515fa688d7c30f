"""The arithmetic of a regression check: pure functions, no database."""

import math
from dataclasses import dataclass

# z for a two-sided 95% interval.
Z95 = 1.959963984540054
# Float noise (0.8 - 0.05 != 0.75) must not turn an exactly-at-tolerance drop into a fail.
EPSILON = 1e-9


@dataclass(frozen=True)
class Outcome:
    verdict: str  # pass | fail
    delta: float
    delta_percent: float | None
    allowed_drop: float
    significant: bool


def wilson_interval(passed: int, total: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a pass rate; stays inside [0, 1] even at 0 or n passes."""
    if total <= 0:
        raise ValueError("total must be positive")
    p = passed / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def intervals_disjoint(a: tuple[float, float] | None, b: tuple[float, float] | None) -> bool:
    """True when both intervals are known and do not overlap."""
    if a is None or b is None:
        return False
    return a[1] < b[0] or b[1] < a[0]


def compare(
    baseline: float,
    current: float,
    *,
    direction: str,
    tolerance: float,
    tolerance_kind: str,
    baseline_ci: tuple[float, float] | None = None,
    current_ci: tuple[float, float] | None = None,
) -> Outcome:
    """Fail iff `current` is worse than `baseline` by more than the tolerance allows."""
    delta = current - baseline
    allowed = tolerance if tolerance_kind == "absolute" else tolerance * abs(baseline)
    worse_by = -delta if direction == "higher" else delta
    verdict = "fail" if worse_by > allowed + EPSILON else "pass"
    return Outcome(
        verdict=verdict,
        delta=delta,
        delta_percent=None if baseline == 0 else 100 * delta / abs(baseline),
        allowed_drop=allowed,
        significant=intervals_disjoint(baseline_ci, current_ci),
    )
