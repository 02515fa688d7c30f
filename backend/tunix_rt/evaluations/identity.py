"""What makes two evaluations the same one: model, data, split, judges and generation."""

import hashlib
from typing import Any

import orjson

from tunix_rt.evaluations.judge_setup import judge_setup


def evaluation_identity(
    model_key: str,
    dataset_hash: str,
    split: str,
    limit: int | None,
    judges: list[dict[str, Any]],
    generation: dict[str, Any],
) -> str:
    """sha256 of the canonical JSON of everything that determines the scores.

    `model_key` names bytes, not labels (a run id or a registry version id), so asking
    through an alias that has since moved is a different evaluation. The same holds for a
    judge's model: `judge_model` is the pinned registry version, or the HTTP endpoint and
    its model name (judging.py).
    """
    canonical = {
        "model": model_key,
        "dataset_hash": dataset_hash,
        "split": split,
        "limit": limit,
        "judges": sorted((judge_setup(j) for j in judges), key=lambda j: str(j["name"])),
        "generation": generation,
    }
    return hashlib.sha256(orjson.dumps(canonical, option=orjson.OPT_SORT_KEYS)).hexdigest()
