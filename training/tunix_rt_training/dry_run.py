"""A dry run: everything a training run checks and builds before its first step, no step.

It validates the config, reads and renders the data, trains the tokenizer, builds (or
loads) the model, and reports the token statistics a user needs to choose batch size,
sequence length and steps.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from tunix_rt_training.config import TrainConfig
from tunix_rt_training.data import EncodedSet
from tunix_rt_training.devices import describe_devices, make_mesh, select_devices
from tunix_rt_training.events import Reporter
from tunix_rt_training.models import count_params
from tunix_rt_training.run_dir import RunDir
from tunix_rt_training.train import prepare_run, versions


def split_stats(encoded: EncodedSet) -> dict[str, Any]:
    """Per-split counts: examples, real and loss tokens, lengths, truncation."""
    if len(encoded) == 0:
        return {"examples": 0}
    lengths = encoded.padding_mask.sum(axis=1)
    return {
        "examples": len(encoded),
        "tokens": int(lengths.sum()),
        "loss_tokens": int(encoded.loss_mask.sum()),
        "length_mean": round(float(lengths.mean()), 2),
        "length_p50": int(np.percentile(lengths, 50)),
        "length_max": int(lengths.max()),
        "padded_length": int(encoded.tokens.shape[1]),
        "truncated": encoded.truncated,
        "without_loss": encoded.without_loss,
    }


def dry_run(
    config: TrainConfig, train_path: Path, eval_path: Path | None, run: RunDir, reporter: Reporter
) -> dict[str, Any]:
    mesh = make_mesh(config.mesh, select_devices(config.device))
    with mesh:
        prepared = prepare_run(config, train_path, eval_path, run, reporter, mesh)
    train = split_stats(prepared.train_set)
    total_steps = config.total_steps(len(prepared.train_set))
    reporter.log(
        f"dry run: {train['examples']} train examples, {train.get('tokens', 0)} tokens, "
        f"{total_steps} steps would run; nothing was trained"
    )
    return {
        "dry_run": True,
        "total_steps": total_steps,
        "tokens": {"train": train, "eval": split_stats(prepared.eval_set)},
        "vocab_size": len(prepared.tokenizer),
        "model": {
            "source": config.model,
            "family": prepared.loaded.family,
            "parameters": count_params(prepared.loaded.model),
        },
        "config": config.resolved(),
        "versions": versions(),
        "devices": describe_devices(mesh),
    }
