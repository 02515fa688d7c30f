"""The optimizer: AdamW with warmup + cosine/linear/constant schedule and grad clipping.

Gradient accumulation is applied by Tunix's trainer (optax.MultiSteps around this chain),
so clipping sees the accumulated gradient.
"""

from __future__ import annotations

from typing import Any

import jax
import optax

from tunix_rt_training.config import TrainConfig


def learning_rate_schedule(config: TrainConfig, total_steps: int) -> optax.Schedule:
    """LR as a function of the optimizer update count (0-based)."""
    peak = config.learning_rate
    warmup = round(config.warmup_ratio * total_steps)
    decay_steps = max(1, total_steps - warmup)
    main: optax.Schedule
    if config.schedule == "cosine":
        main = optax.cosine_decay_schedule(peak, decay_steps)
    elif config.schedule == "linear":
        main = optax.linear_schedule(peak, 0.0, decay_steps)
    else:
        main = optax.constant_schedule(peak)
    if warmup == 0:
        return main
    ramp = optax.linear_schedule(0.0, peak, warmup)
    return optax.join_schedules([ramp, main], [warmup])


def _decay_mask(params: Any) -> Any:
    # Decay matrices only; norm scales and biases stay undecayed.
    return jax.tree.map(lambda p: getattr(p, "ndim", 0) >= 2, params)


def build_optimizer(config: TrainConfig, schedule: optax.Schedule) -> optax.GradientTransformation:
    parts = []
    if config.max_grad_norm is not None:
        parts.append(optax.clip_by_global_norm(config.max_grad_norm))
    parts.append(
        optax.adamw(schedule, b1=0.9, b2=0.98, weight_decay=config.weight_decay, mask=_decay_mask)
    )
    return optax.chain(*parts)
