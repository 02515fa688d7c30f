import pytest

from tunix_rt.core.stats import wilson_interval
from tunix_rt.regression.compare import compare, intervals_disjoint


def outcome(baseline, current, direction="higher", tolerance=0.0, kind="absolute", **cis):
    return compare(
        baseline, current, direction=direction, tolerance=tolerance, tolerance_kind=kind, **cis
    )


@pytest.mark.parametrize(
    ("current", "verdict"), [(0.76, "pass"), (0.75, "pass"), (0.7499, "fail"), (0.9, "pass")]
)
def test_absolute_tolerance_higher_is_better(current, verdict):
    assert outcome(0.8, current, tolerance=0.05).verdict == verdict


@pytest.mark.parametrize(
    ("current", "verdict"), [(0.24, "pass"), (0.25, "pass"), (0.2501, "fail"), (0.0, "pass")]
)
def test_absolute_tolerance_lower_is_better(current, verdict):
    assert outcome(0.2, current, direction="lower", tolerance=0.05).verdict == verdict


@pytest.mark.parametrize(("current", "verdict"), [(0.72, "pass"), (0.7199, "fail"), (0.81, "pass")])
def test_relative_tolerance_is_a_fraction_of_the_baseline(current, verdict):
    result = outcome(0.8, current, tolerance=0.1, kind="relative")
    assert result.allowed_drop == pytest.approx(0.08)
    assert result.verdict == verdict


def test_relative_tolerance_lower_is_better_uses_the_baselines_magnitude():
    assert outcome(-2.0, -1.5, direction="lower", tolerance=0.25, kind="relative").verdict == "pass"
    assert outcome(-2.0, -1.4, direction="lower", tolerance=0.25, kind="relative").verdict == "fail"


def test_zero_tolerance_fails_on_any_drop_and_passes_on_a_tie():
    assert outcome(0.5, 0.5).verdict == "pass"
    assert outcome(0.5, 0.49).verdict == "fail"


def test_delta_and_delta_percent():
    result = outcome(0.8, 0.6)
    assert result.delta == pytest.approx(-0.2)
    assert result.delta_percent == pytest.approx(-25.0)
    assert outcome(-0.5, -0.25).delta_percent == pytest.approx(50.0)
    assert outcome(0.0, 0.3).delta_percent is None


def test_significant_only_when_both_intervals_are_known_and_disjoint():
    assert outcome(0.8, 0.5, baseline_ci=(0.7, 0.9), current_ci=(0.4, 0.6)).significant
    assert not outcome(0.8, 0.6, baseline_ci=(0.7, 0.9), current_ci=(0.5, 0.7)).significant
    assert not outcome(0.8, 0.5, baseline_ci=None, current_ci=(0.4, 0.6)).significant
    assert intervals_disjoint((0.1, 0.2), (0.3, 0.4)) and intervals_disjoint((0.3, 0.4), (0.1, 0.2))


def test_wilson_interval_matches_the_textbook_values():
    assert wilson_interval(8, 10) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert wilson_interval(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)
