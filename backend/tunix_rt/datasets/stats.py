"""Dataset statistics: split counts and distributions of length and step count."""

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Candidate:
    """The light per-trace facts a build needs (no prompt or step text)."""

    seq: int
    content_hash: str
    step_count: int
    prompt_chars: int
    answer_chars: int
    source: str | None
    stratum: str | None = None


def distribution(values: Sequence[int]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def pct(p: float) -> float:
        return float(ordered[min(len(ordered) - 1, int(p * len(ordered)))])

    return {
        "min": float(ordered[0]),
        "p50": pct(0.5),
        "p90": pct(0.9),
        "max": float(ordered[-1]),
        "mean": round(sum(ordered) / len(ordered), 3),
    }


def dataset_stats(items: Sequence[tuple[Candidate, str]]) -> dict[str, Any]:
    splits = Counter(split for _, split in items)
    stats: dict[str, Any] = {
        "splits": {"train": splits.get("train", 0), "eval": splits.get("eval", 0)},
        "step_count": distribution([c.step_count for c, _ in items]),
        "prompt_chars": distribution([c.prompt_chars for c, _ in items]),
        "answer_chars": distribution([c.answer_chars for c, _ in items]),
        "sources": dict(Counter(c.source or "(none)" for c, _ in items).most_common(50)),
    }
    strata = Counter(c.stratum for c, _ in items if c.stratum is not None)
    if strata:
        stats["strata"] = dict(strata)
    return stats


def items_hash(items: Sequence[tuple[Candidate, str]]) -> str:
    """sha256 over (trace content hash, split) in order: equal items give equal hashes."""
    digest = hashlib.sha256()
    for candidate, split in items:
        digest.update(f"{candidate.content_hash}:{split}\n".encode())
    return digest.hexdigest()
