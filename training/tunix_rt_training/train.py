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

import jax
from flax import nnx

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
from tunix_rt_training.optimizer import learning_rate_schedule
from tunix_rt_training.reporting import ReportingHooks, StashingMetricsLogger
from tunix_rt_training.run_dir import CHECKPOINTS, EXPORT, RunDir
from tunix_rt_training.signals import StopRequest
from tunix_rt_training.steps import evaluate
from tunix_rt_training.tokenizer import load_tokenizer, train_tokenizer
from tunix_rt_training.trainer import build_trainer

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


@dataclasses.dataclass
class Prepared:
    """Everything the loop needs, built before the first step."""

    loaded: LoadedModel
    tokenizer: Any
    train_set: EncodedSet
    eval_set: EncodedSet


def versions() -> dict[str, str]:
    found = {}
    for name in VERSIONED_PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def run_training(
    config: TrainConfig,
    train_path: Path,
    eval_path: Path | None,
    run: RunDir,
    reporter: Reporter,
    stop: StopRequest | None = None,
) -> TrainOutcome:
    """Train (or resume) into `run`; export to run/export and return the result."""
    stop = stop or StopRequest()
    started = time.perf_counter()
    run.claim(config.resolved())
    mesh = make_mesh(config.mesh, select_devices(config.device))
    with mesh:
        prepared = prepare_run(config, train_path, eval_path, run, reporter, mesh)
        loaded = prepared.loaded
        total_steps = config.total_steps(len(prepared.train_set))
        schedule = learning_rate_schedule(config, total_steps)
        stream = TrainStream(
            prepared.train_set,
            config.batch_size,
            config.gradient_accumulation_steps,
            total_steps,
            config.seed,
            should_stop=lambda: stop.requested,
        )
        logger = StashingMetricsLogger()
        hooks = ReportingHooks(reporter, logger, stream, schedule)
        trainer, checkpoints = build_trainer(
            config, loaded.model, run, total_steps, schedule, hooks, logger, reporter
        )
        resumed_from = int(trainer.train_steps)
        reporter.log(_start_message(config, prepared, resumed_from, total_steps, mesh))
        batches = eval_batches(prepared.eval_set, config.batch_size)
        trainer.train(stream, batches or None)

        step = int(trainer.train_steps)
        if stop.requested:
            reporter.log(
                f"stopped by signal {stop.signal} at step {step}; "
                f"checkpoint at step {checkpoints.last_saved}",
                level="warning",
            )
            return TrainOutcome("interrupted", step)
        if batches and hooks.last_eval_step != step:
            hooks.report_eval(step, evaluate(loaded.model, batches))

        written = export_model(
            loaded,
            prepared.tokenizer,
            run.export,
            lora_scale=None if config.lora is None else config.lora.alpha / config.lora.rank,
            end_of_turn=get_template(config.template).end_of_turn,
            metadata={
                "template": config.template,
                "system": config.system,
                "source_model": config.model,
                "step": step,
            },
        )
        reporter.artifact(EXPORT, "model")
        result = {
            "kind": "train",
            "status": "completed",
            "step": step,
            "total_steps": total_steps,
            "resumed_from_step": resumed_from,
            "epochs": round(stream.epoch_at(step), 4),
            "metrics": _metrics(hooks, run, time.perf_counter() - started),
            "model_dir": EXPORT,
            "model_files": [p.name for p in written],
            "checkpoint": (
                None
                if checkpoints.last_saved is None
                else f"{CHECKPOINTS}/{checkpoints.last_saved}"
            ),
            "model": {
                "source": config.model,
                "family": loaded.family,
                "parameters": count_params(loaded.model),
                "trainable_parameters": count_params(loaded.model, _trainable_kind(config)),
            },
            "data": {
                "train_examples": len(prepared.train_set),
                "eval_examples": len(prepared.eval_set),
                "train_truncated": prepared.train_set.truncated,
                "eval_truncated": prepared.eval_set.truncated,
                "vocab_size": len(prepared.tokenizer),
            },
            "config": config.resolved(),
            "versions": versions(),
            "devices": describe_devices(mesh),
        }
        run.write_json(run.result, result)
        return TrainOutcome("completed", step, result, loaded)


def prepare_run(
    config: TrainConfig,
    train_path: Path,
    eval_path: Path | None,
    run: RunDir,
    reporter: Reporter,
    mesh: jax.sharding.Mesh,
) -> Prepared:
    """Read and encode the data, build (or load) the model and its tokenizer."""
    train_examples = read_examples(train_path, config.template, config.system)
    if not train_examples:
        raise DataError(f"{train_path}: no training examples")
    eval_examples: list[Example] = []
    if eval_path is not None and eval_path.exists():
        eval_examples = read_examples(eval_path, config.template, config.system)

    loaded = create_model(config.model, config.seed, mesh)
    for warning in loaded.warnings:
        reporter.log(warning, level="warning")
    tokenizer = _tokenizer_for(loaded, run, train_examples)
    vocab = int(getattr(loaded.config, "vocab_size", None) or loaded.config.num_embed)
    if len(tokenizer) > vocab:
        raise DataError(f"the tokenizer has {len(tokenizer)} tokens but the model only {vocab}")
    if config.lora is not None and not config.full_finetune:
        apply_lora(loaded, config.lora, config.seed, mesh)

    train_set = encode_set(tokenizer, train_examples, config.max_seq_length)
    eval_set = encode_set(tokenizer, eval_examples, config.max_seq_length)
    for name, data in (("train", train_set), ("eval", eval_set)):
        if data.truncated:
            reporter.log(
                f"{data.truncated} of {len(data)} {name} examples are longer than "
                f"max_seq_length={config.max_seq_length} and were cut",
                level="warning",
            )
        if data.without_loss and data.without_loss == len(data):
            # Nothing to learn from or to score: the loss would be a meaningless 0.
            raise DataError(
                f"none of the {len(data)} {name} examples has a completion token left after "
                f"cutting to max_seq_length={config.max_seq_length}; raise max_seq_length"
            )
        if data.without_loss:
            reporter.log(
                f"{data.without_loss} {name} examples have no completion tokens left after "
                "cutting; they do not train the model",
                level="warning",
            )
    return Prepared(loaded, tokenizer, train_set, eval_set)


def _tokenizer_for(loaded: LoadedModel, run: RunDir, examples: list[Example]) -> Any:
    """Checkpoints bring their tokenizer; presets train one on this run's texts, once."""
    if loaded.checkpoint_dir is not None:
        return load_tokenizer(loaded.checkpoint_dir)
    if (run.tokenizer / "tokenizer.json").exists():
        return load_tokenizer(run.tokenizer)
    texts = (e.prompt + e.completion for e in examples)
    return train_tokenizer(texts, loaded.config.vocab_size, run.tokenizer)


def _start_message(
    config: TrainConfig,
    prepared: Prepared,
    resumed_from: int,
    total_steps: int,
    mesh: jax.sharding.Mesh,
) -> str:
    model = prepared.loaded.model
    devices = describe_devices(mesh)
    start = f"resuming from step {resumed_from}" if resumed_from else "starting"
    return (
        f"{start}: {config.model} ({prepared.loaded.family}, {count_params(model):,} "
        f"parameters, {count_params(model, _trainable_kind(config)):,} trainable), "
        f"{len(prepared.train_set)} train / {len(prepared.eval_set)} eval examples, "
        f"{total_steps} steps of {config.effective_batch_size} examples on "
        f"{devices['count']} {devices['platform']} device(s)"
    )


def _trainable_kind(config: TrainConfig) -> Any:
    return nnx.Param if config.full_finetune else nnx.LoRAParam


def _metrics(hooks: ReportingHooks, run: RunDir, train_time_s: float) -> dict[str, Any]:
    """Final metrics for the result; NaN becomes None."""
    metrics: dict[str, Any] = {
        **hooks.last_train,
        **hooks.last_eval,
        **hooks.summary(),
        "train_time_s": train_time_s,
    }
    metrics = {
        k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in metrics.items()
    }
    # An attempt that resumes at the last step trains nothing: keep the figures the
    # attempt that did the training recorded.
    for name, value in _previous_metrics(run).items():
        if metrics.get(name) is None:
            metrics[name] = value
    return metrics


def _previous_metrics(run: RunDir) -> dict[str, Any]:
    if not run.result.exists():
        return {}
    try:
        metrics = json.loads(run.result.read_text()).get("metrics", {})
    except (json.JSONDecodeError, AttributeError):
        return {}
    return metrics if isinstance(metrics, dict) else {}
