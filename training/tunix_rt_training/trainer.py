"""Building Tunix's PeftTrainer for a run: optimizer, checkpointing, loss and reporting."""

from __future__ import annotations

from typing import Any

import optax
import orbax.checkpoint as ocp
from flax import nnx
from tunix.sft import peft_trainer

from tunix_rt_training.config import TrainConfig
from tunix_rt_training.events import Reporter
from tunix_rt_training.optimizer import build_optimizer
from tunix_rt_training.reporting import (
    ReportingCheckpointManager,
    ReportingHooks,
    SilentProgressBar,
    StashingMetricsLogger,
)
from tunix_rt_training.run_dir import CHECKPOINTS, RunDir
from tunix_rt_training.steps import model_inputs, sft_loss


def checkpoint_options(config: TrainConfig) -> ocp.CheckpointManagerOptions:
    every = config.checkpoint_every_n_steps
    return ocp.CheckpointManagerOptions(
        # A plain interval: orbax's default policy would also save the very first step.
        should_save_fn=lambda step, _last: step % every == 0,
        max_to_keep=config.keep_checkpoints,
        # Synchronous saves: a reported checkpoint is complete on disk, and a SIGTERM
        # exit never leaves a half-written one behind.
        enable_async_checkpointing=False,
    )


def build_trainer(
    config: TrainConfig,
    model: nnx.Module,
    run: RunDir,
    total_steps: int,
    schedule: optax.Schedule,
    hooks: ReportingHooks,
    logger: StashingMetricsLogger,
    reporter: Reporter,
) -> tuple[Any, ReportingCheckpointManager]:
    """A PeftTrainer that restores the newest checkpoint in `run` (if any) on creation."""
    accumulation = config.gradient_accumulation_steps
    trainer = peft_trainer.PeftTrainer(
        model,
        build_optimizer(config, schedule),
        peft_trainer.TrainingConfig(
            eval_every_n_steps=config.eval_every_n_steps,
            max_steps=total_steps,
            gradient_accumulation_steps=accumulation if accumulation > 1 else None,
            checkpoint_root_directory=str(run.checkpoints.absolute()),
            checkpointing_options=checkpoint_options(config),
            pbar_description=None,
        ),
        metrics_logger=logger,
    )
    trainer.with_gen_model_input_fn(model_inputs)
    trainer.with_loss_fn(sft_loss)
    trainer.with_training_hooks(hooks)
    trainer._pbar = SilentProgressBar()  # keeps Tunix's tqdm bar off; see reporting.py
    checkpoints = ReportingCheckpointManager(
        trainer.checkpoint_manager, reporter, hooks, CHECKPOINTS
    )
    trainer.checkpoint_manager = checkpoints
    return trainer, checkpoints
