"""The arithmetic of a regression check: pure functions, no database."""

from dataclasses import dataclass

# Float noise (0.8 - 0.05 != 0.75) must not turn an exactly-at-tolerance drop into a fail.
EPSILON = 1e-9


@dataclass(frozen=True)
class Outcome:
    verdict: str  # pass | fail
    delta: float
    delta_percent: float | None
    allowed_drop: float
    significant: bool


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
