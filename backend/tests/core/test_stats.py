"""Bootstrap confidence intervals, the paired bootstrap and McNemar's test."""

import math
import random
import tracemalloc

import numpy as np
import pytest

from tunix_rt.core.stats import (
    bootstrap_ci,
    cis_overlap,
    discordant_pairs,
    mcnemar,
    paired_bootstrap,
)

# --------------------------------------------------------------------------- bootstrap_ci


def test_interval_brackets_the_sample_mean():
    mean, low, high = bootstrap_ci([1, 0, 1, 1, 0, 1, 1, 0, 1, 1])
    assert mean == pytest.approx(0.7)
    assert low < mean < high
    assert low >= 0.0 and high <= 1.0


def test_ci_covers_a_known_proportion_in_about_95_percent_of_samples():
    rng = random.Random(7)
    p, n, trials = 0.3, 200, 200
    covered = 0
    for trial in range(trials):
        sample = [1.0 if rng.random() < p else 0.0 for _ in range(n)]
        _, low, high = bootstrap_ci(sample, seed=trial)
        covered += low <= p <= high
    assert covered / trials >= 0.92


def test_ci_covers_a_known_mean_of_continuous_scores():
    rng = np.random.default_rng(3)
    covered = 0
    for trial in range(100):
        sample = rng.uniform(0, 1, size=120)  # more distinct values than MAX_LEVELS
        _, low, high = bootstrap_ci(sample.tolist(), resamples=1000, seed=trial)
        covered += low <= 0.5 <= high
    assert covered >= 90


def test_same_seed_same_interval_other_seed_other_interval():
    rng = random.Random(1)
    values = [rng.random() for _ in range(500)]
    assert bootstrap_ci(values, seed=4) == bootstrap_ci(values, seed=4)
    assert bootstrap_ci(values, seed=4) != bootstrap_ci(values, seed=5)


def test_higher_confidence_gives_a_wider_interval():
    values = [k % 3 / 2 for k in range(300)]
    _, low90, high90 = bootstrap_ci(values, confidence=0.90)
    _, low99, high99 = bootstrap_ci(values, confidence=0.99)
    assert low99 < low90 and high90 < high99


def test_one_value_is_its_own_interval():
    assert bootstrap_ci([0.4]) == (0.4, 0.4, 0.4)


def test_constant_values_give_a_point_interval():
    assert bootstrap_ci([1.0] * 50) == (1.0, 1.0, 1.0)


def test_empty_values_are_rejected():
    with pytest.raises(ValueError, match="must not be empty"):
        bootstrap_ci([])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"confidence": 1.0}, "confidence"), ({"resamples": 0}, "resamples")],
)
def test_bad_settings_are_rejected(kwargs, message):
    with pytest.raises(ValueError, match=message):
        bootstrap_ci([1, 0], **kwargs)


def test_non_finite_values_are_rejected():
    with pytest.raises(ValueError, match="finite"):
        bootstrap_ci([1.0, float("nan")])


def test_100k_continuous_values_resample_in_bounded_memory():
    values = np.random.default_rng(0).normal(size=100_000)
    tracemalloc.start()
    try:
        mean, low, high = bootstrap_ci(values.tolist(), resamples=200)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert low < mean < high
    # All 200 × 100,000 indices at once would take 160 MB.
    assert peak < 64 * 2**20


# --------------------------------------------------------------------------- paired_bootstrap


def test_paired_bootstrap_detects_a_clear_difference():
    rng = random.Random(11)
    a = [1.0 if rng.random() < 0.5 else 0.0 for _ in range(400)]
    b = [1.0 if rng.random() < 0.7 else 0.0 for _ in range(400)]
    result = paired_bootstrap(a, b)
    assert result["mean_difference"] == pytest.approx(sum(b) / 400 - sum(a) / 400)
    assert 0 < result["ci_low"] < result["mean_difference"] < result["ci_high"]
    assert result["p_value"] < 0.01


def test_paired_bootstrap_finds_no_difference_where_there_is_none():
    rng = random.Random(12)
    a = [1.0 if rng.random() < 0.6 else 0.0 for _ in range(400)]
    b = [x if rng.random() < 0.9 else 1.0 - x for x in a]  # same quality, different items
    result = paired_bootstrap(a, b)
    assert result["ci_low"] < 0 < result["ci_high"]
    assert result["p_value"] > 0.2


def test_identical_systems_have_p_value_1():
    result = paired_bootstrap([1, 0, 1], [1, 0, 1])
    assert result["mean_difference"] == 0 and result["p_value"] == 1.0


def test_paired_bootstrap_p_value_never_reaches_zero():
    result = paired_bootstrap([0.0] * 100, [1.0] * 100, resamples=999)
    assert result["p_value"] == pytest.approx(2 / 1000)


def test_paired_bootstrap_is_deterministic_for_a_seed():
    a, b = [0, 1, 1, 0, 1] * 20, [1, 1, 0, 1, 1] * 20
    assert paired_bootstrap(a, b, seed=3) == paired_bootstrap(a, b, seed=3)


def test_paired_bootstrap_needs_pairs():
    with pytest.raises(ValueError, match="must be paired: 2 and 3"):
        paired_bootstrap([1, 0], [1, 0, 1])
    with pytest.raises(ValueError, match="must not be empty"):
        paired_bootstrap([], [])


# --------------------------------------------------------------------------- mcnemar


def test_mcnemar_exact_for_10_against_2():
    # 2 × P(X ≤ 2), X ~ Binomial(12, 1/2) = 2 × (1 + 12 + 66) / 4096
    result = mcnemar(10, 2)
    assert result == {"statistic": 2.0, "p_value": pytest.approx(0.03857421875), "method": "exact"}


def test_mcnemar_exact_is_symmetric_and_capped_at_1():
    assert mcnemar(2, 10)["p_value"] == mcnemar(10, 2)["p_value"]
    assert mcnemar(3, 3)["p_value"] == 1.0
    assert mcnemar(0, 0) == {"statistic": 0.0, "p_value": 1.0, "method": "exact"}


def test_mcnemar_chi_square_with_continuity_correction_from_25_pairs():
    result = mcnemar(30, 10)
    assert result["method"] == "chi2"
    assert result["statistic"] == pytest.approx((20 - 1) ** 2 / 40)  # 9.025
    assert result["p_value"] == pytest.approx(0.0026631, abs=1e-6)


def test_mcnemar_chi_square_of_a_tie_is_0_with_p_1():
    assert mcnemar(15, 15) == {"statistic": 0.0, "p_value": 1.0, "method": "chi2"}


def test_mcnemar_exact_and_chi2_agree_roughly_at_the_boundary():
    exact = mcnemar(18, 6)["p_value"]
    approx = mcnemar(19, 6)["p_value"]  # 25 discordant: chi2
    assert math.isclose(exact, 0.0227, abs_tol=1e-3)
    assert 0.005 < approx < 0.03


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_mcnemar_needs_non_negative_counts(bad):
    with pytest.raises(ValueError, match="non-negative integer"):
        mcnemar(bad, 3)


def test_discordant_pairs_counts_wins_each_way():
    a = [True, True, False, False, True]
    b = [True, False, True, True, False]
    assert discordant_pairs(a, b) == (2, 2)
    assert discordant_pairs([False, False], [True, False]) == (1, 0)


# --------------------------------------------------------------------------- cis_overlap


def test_cis_overlap():
    assert cis_overlap(0.1, 0.3, 0.25, 0.5)
    assert cis_overlap(0.1, 0.3, 0.3, 0.5)  # touching counts
    assert not cis_overlap(0.1, 0.3, 0.31, 0.5)
    assert cis_overlap(0.2, 0.3, 0.0, 1.0)
