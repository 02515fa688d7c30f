"""Pure per-batch functions: model inputs from a batch, the SFT loss, the eval loss."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx
from tunix.sft import utils as sft_utils


def model_inputs(batch: dict[str, Any]) -> dict[str, Any]:
    """Batch → loss-function kwargs; positions and the causal mask come from padding only."""
    padding = batch["padding_mask"]
    return {
        "input_tokens": batch["input_tokens"],  # [B, L]
        "input_mask": batch["input_mask"],  # [B, L] loss mask
        "positions": sft_utils.build_positions_from_mask(padding),  # [B, L]
        "attention_mask": sft_utils.make_causal_attn_mask(padding),  # [B, L, L]
    }


def sft_loss(
    model: nnx.Module,
    input_tokens: jax.Array,
    input_mask: jax.Array,
    positions: jax.Array,
    attention_mask: jax.Array,
) -> jax.Array:
    """Mean next-token NLL over the tokens whose loss mask is 1 (Tunix's default loss)."""
    logits, _ = model(input_tokens, positions, None, attention_mask)  # [B, L, V]
    logits = logits[:, :-1, :]
    targets = input_tokens[:, 1:]
    mask = input_mask[:, 1:].astype(jnp.float32)
    log_probs = jax.nn.log_softmax(logits.astype(jnp.float32))
    target_log_probs = jnp.take_along_axis(log_probs, targets[..., None], axis=-1)[..., 0]
    return -jnp.sum(target_log_probs * mask) / (jnp.sum(mask) + 1e-8)


@nnx.jit
def _eval_step(model: nnx.Module, batch: dict[str, Any]) -> jax.Array:
    return sft_loss(model, **model_inputs(batch))


def evaluate(model: nnx.Module, batches: Sequence[dict[str, np.ndarray]]) -> float:
    """Mean of per-batch losses, the same aggregation as the Tunix trainer's eval."""
    losses = [float(_eval_step(model, batch)) for batch in batches]
    return float(np.mean(losses)) if losses else float("nan")
