"""SFT with Tunix's PeftTrainer: the loop that orchestrates data, model, checkpoints, export.

A run directory is resumable: a second run on it restores the newest checkpoint (model and
optimizer state), skips the micro-batches already trained and continues to the same total
number of steps, so the loss curve carries on where it stopped.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import math
import time
from pathlib import Path
from typing import Any

import orbax.checkpoint as ocp
from flax import nnx
from tunix.sft import peft_trainer

from tunix_rt.core.chat_templates import get_template
from tunix_rt_training.config import TrainConfig
from tunix_rt_training.data import (
    EncodedSet,
    Example,
    TrainStream,
    encode_set,
    eval_batches,
    read_examples,
)
from tunix_rt_training.devices import describe_devices, make_mesh, select_devices
from tunix_rt_training.events import Reporter
from tunix_rt_training.export import export_model
from tunix_rt_training.models import LoadedModel, apply_lora, count_params, create_model
from tunix_rt_training.optimizer import build_optimizer, learning_rate_schedule
from tunix_rt_training.reporting import (
    ReportingCheckpointManager,
    ReportingHooks,
    SilentProgressBar,
    StashingMetricsLogger,
)
from tunix_rt_training.run_dir import CHECKPOINTS, MODEL, RunDir
from tunix_rt_training.signals import StopRequest
from tunix_rt_training.steps import evaluate, model_inputs, sft_loss
from tunix_rt_training.tokenizer import load_tokenizer, train_tokenizer

VERSIONED_PACKAGES = (
    "jax",
    "jaxlib",
    "google-tunix",
    "flax",
    "optax",
    "orbax-checkpoint",
    "qwix",
    "tunix-rt-training",
)


class DataError(ValueError):
    """The training data cannot be used (missing, empty, unreadable)."""


@dataclasses.dataclass
class TrainOutcome:
    """`completed` (with the result) or `interrupted` (a checkpoint was saved at `step`)."""

    status: str
    step: int
    result: dict[str, Any] | None = None
    model: LoadedModel | None = None  # the trained model, for in-process callers


def versions() -> dict[str, str]:
    found = {}
    for name in VERSIONED_PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def _tokenizer_for(
    config: TrainConfig, loaded: LoadedModel, run: RunDir, examples: list[Example]
) -> Any:
    """Checkpoints bring their tokenizer; presets train one on this run's texts, once."""
    if loaded.checkpoint_dir is not None:
        return load_tokenizer(loaded.checkpoint_dir)
    if (run.tokenizer / "tokenizer.json").exists():
        return load_tokenizer(run.tokenizer)
    texts = (e.prompt + e.completion for e in examples)
    return train_tokenizer(texts, loaded.config.vocab_size, run.tokenizer)


def _vocab_size(config: Any) -> int:
    return int(getattr(config, "vocab_size", None) or config.num_embed)


def _report_data(reporter: Reporter, name: str, data: EncodedSet, max_len: int) -> None:
    if data.truncated:
        reporter.log(
            f"{data.truncated} of {len(data)} {name} examples are longer than "
            f"max_seq_length={max_len} and were cut",
            level="warning",
        )
    if data.without_loss:
        reporter.log(
            f"{data.without_loss} {name} examples have no completion tokens left after "
            "cutting; they do not train the model",
            level="warning",
        )


def _checkpointing(config: TrainConfig) -> ocp.CheckpointManagerOptions:
    every = config.checkpoint_every_n_steps
    return ocp.CheckpointManagerOptions(
        # A plain interval: orbax's default policy would also save the very first step.
        should_save_fn=lambda step, _last: step % every == 0,
        max_to_keep=config.keep_checkpoints,
        # Synchronous saves: a reported checkpoint is complete on disk, and a SIGTERM
        # exit never leaves a half-written one behind.
        enable_async_checkpointing=False,
    )


def run_training(
    config: TrainConfig,
    train_path: Path,
    eval_path: Path | None,
    run: RunDir,
    reporter: Reporter,
    stop: StopRequest | None = None,
) -> TrainOutcome:
    """Train (or resume) into `run`; export to run/model and return the result."""
    stop = stop or StopRequest()
    started = time.perf_counter()
    run.claim(config.resolved())
    train_examples = read_examples(train_path, config.template, config.system)
    if not train_examples:
        raise DataError(f"{train_path}: no training examples")
    eval_examples: list[Example] = []
    if eval_path is not None and eval_path.exists():
        eval_examples = read_examples(eval_path, config.template, config.system)

    mesh = make_mesh(config.mesh, select_devices(config.device))
    with mesh:
        loaded = create_model(config.model, config.seed, mesh)
        for warning in loaded.warnings:
            reporter.log(warning, level="warning")
        tokenizer = _tokenizer_for(config, loaded, run, train_examples)
        if len(tokenizer) > _vocab_size(loaded.config):
            raise DataError(
                f"the tokenizer has {len(tokenizer)} tokens but the model only "
                f"{_vocab_size(loaded.config)} embeddings"
            )
        if not config.full_finetune:
            assert config.lora is not None
            apply_lora(loaded, config.lora, config.seed, mesh)

        train_set = encode_set(tokenizer, train_examples, config.max_seq_length)
        eval_set = encode_set(tokenizer, eval_examples, config.max_seq_length)
        _report_data(reporter, "train", train_set, config.max_seq_length)
        _report_data(reporter, "eval", eval_set, config.max_seq_length)

        total_steps = config.total_steps(len(train_set))
        schedule = learning_rate_schedule(config, total_steps)
        stream = TrainStream(
            train_set,
            config.batch_size,
            config.gradient_accumulation_steps,
            total_steps,
            config.seed,
            should_stop=lambda: stop.requested,
        )
        logger = StashingMetricsLogger()
        hooks = ReportingHooks(reporter, logger, stream, schedule)
        trainer = peft_trainer.PeftTrainer(
            loaded.model,
            build_optimizer(config, schedule),
            peft_trainer.TrainingConfig(
                eval_every_n_steps=config.eval_every_n_steps,
                max_steps=total_steps,
                gradient_accumulation_steps=(
                    config.gradient_accumulation_steps
                    if config.gradient_accumulation_steps > 1
                    else None
                ),
                checkpoint_root_directory=str(run.checkpoints.absolute()),
                checkpointing_options=_checkpointing(config),
                pbar_description=None,
            ),
            metrics_logger=logger,
        )
        trainer.with_gen_model_input_fn(model_inputs)
        trainer.with_loss_fn(sft_loss)
        trainer.with_training_hooks(hooks)
        trainer._pbar = SilentProgressBar()  # keep Tunix's tqdm bar off; see reporting.py
        checkpoints = ReportingCheckpointManager(
            trainer.checkpoint_manager, reporter, hooks, CHECKPOINTS
        )
        trainer.checkpoint_manager = checkpoints

        resumed_from = trainer.train_steps
        trainable = count_params(loaded.model, _trainable_kind(config))
        reporter.log(
            f"{'resuming from step ' + str(resumed_from) if resumed_from else 'starting'}: "
            f"{config.model} ({loaded.family}, {count_params(loaded.model):,} parameters, "
            f"{trainable:,} trainable), {len(train_set)} train / {len(eval_set)} eval "
            f"examples, {total_steps} steps of {config.effective_batch_size} examples "
            f"on {describe_devices(mesh)['count']} {describe_devices(mesh)['platform']} device(s)"
        )
        batches = eval_batches(eval_set, config.batch_size)
        trainer.train(stream, batches or None)

        final_step = int(trainer.train_steps)
        if stop.requested:
            reporter.log(
                f"stopped by signal {stop.signal} at step {final_step}; "
                f"checkpoint at step {checkpoints.last_saved}",
                level="warning",
            )
            return TrainOutcome("interrupted", final_step)

        if batches and hooks.last_eval_step != final_step:
            hooks.report_eval(final_step, evaluate(loaded.model, batches))

        lora_scale = None if config.full_finetune else config.lora.alpha / config.lora.rank  # type: ignore[union-attr]
        written = export_model(
            loaded,
            tokenizer,
            run.model,
            lora_scale=lora_scale,
            end_of_turn=get_template(config.template).end_of_turn,
            metadata={
                "template": config.template,
                "system": config.system,
                "source_model": config.model,
                "step": final_step,
            },
        )
        reporter.artifact(MODEL, "model")
        result = {
            "kind": "train",
            "status": "completed",
            "step": final_step,
            "total_steps": total_steps,
            "resumed_from_step": resumed_from,
            "epochs": round(stream.epoch_at(final_step), 4),
            "metrics": {
                **hooks.last_train,
                **hooks.last_eval,
                **hooks.summary(),
                "train_time_s": time.perf_counter() - started,
            },
            "model_dir": MODEL,
            "model_files": [p.name for p in written],
            "checkpoint": (
                f"{CHECKPOINTS}/{checkpoints.last_saved}"
                if checkpoints.last_saved is not None
                else None
            ),
            "model": {
                "source": config.model,
                "family": loaded.family,
                "parameters": count_params(loaded.model),
                "trainable_parameters": trainable,
            },
            "data": {
                "train_examples": len(train_set),
                "eval_examples": len(eval_set),
                "train_truncated": train_set.truncated,
                "eval_truncated": eval_set.truncated,
                "vocab_size": len(tokenizer),
            },
            "config": config.resolved(),
            "versions": versions(),
            "devices": describe_devices(mesh),
        }
        result["metrics"] = _finite(result["metrics"])
        # An attempt that resumes at the last step trains nothing: keep the figures the
        # attempt that did the training recorded.
        previous = _previous_metrics(run)
        for name, value in previous.items():
            if result["metrics"].get(name) is None:
                result["metrics"][name] = value
        run.write_json(run.result, result)
        return TrainOutcome("completed", final_step, result, loaded)


def _trainable_kind(config: TrainConfig) -> Any:
    return nnx.Param if config.full_finetune else nnx.LoRAParam


def _finite(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in values.items()
    }


def _previous_metrics(run: RunDir) -> dict[str, Any]:
    if not run.result.exists():
        return {}
    try:
        metrics = json.loads(run.result.read_text()).get("metrics", {})
    except (json.JSONDecodeError, AttributeError):
        return {}
    return metrics if isinstance(metrics, dict) else {}
