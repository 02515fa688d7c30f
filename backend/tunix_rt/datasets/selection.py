"""Choosing which candidate traces go into a dataset, and into which split."""

import random
from collections import defaultdict
from collections.abc import Sequence

from tunix_rt.datasets.stats import Candidate

MISSING = "(missing)"


def select_random(candidates: Sequence[Candidate], limit: int, seed: int) -> list[Candidate]:
    ordered = sorted(candidates, key=lambda c: c.seq)  # the seed alone fixes the result
    return random.Random(seed).sample(ordered, min(limit, len(ordered)))


def select_stratified(candidates: Sequence[Candidate], limit: int, seed: int) -> list[Candidate]:
    """Each stratum gets its proportional share (largest remainder), sampled at random."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for c in sorted(candidates, key=lambda c: c.seq):
        groups[c.stratum if c.stratum is not None else MISSING].append(c)
    total = len(candidates)
    take = min(limit, total)
    quotas = {k: take * len(v) / total for k, v in groups.items()}
    counts = {k: int(q) for k, q in quotas.items()}
    leftover = take - sum(counts.values())
    for key in sorted(quotas, key=lambda k: (counts[k] - quotas[k], k))[:leftover]:
        counts[key] += 1
    rng = random.Random(seed)
    chosen: list[Candidate] = []
    for key in sorted(groups):
        chosen.extend(rng.sample(groups[key], counts[key]))
    rng.shuffle(chosen)
    return chosen


def eval_count(count: int, eval_fraction: float) -> int:
    """How many of `count` items are tagged eval: round(count*fraction), at least one item
    on each side when the fraction is above zero."""
    n_eval = round(count * eval_fraction)
    if eval_fraction > 0 and count > 1:
        n_eval = min(max(n_eval, 1), count - 1)
    return n_eval


def assign_splits(count: int, eval_fraction: float, seed: int | None) -> list[str]:
    """A reproducible train/eval label per position, eval_count(...) of them eval."""
    n_eval = eval_count(count, eval_fraction)
    positions = list(range(count))
    random.Random(seed if seed is not None else 0).shuffle(positions)
    eval_positions = set(positions[:n_eval])
    return ["eval" if i in eval_positions else "train" for i in range(count)]
