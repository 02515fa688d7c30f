"""`run-job SPEC.json`: what the worker runs for each train/generate job (docs/jobs.md).

SPEC.json is {"job_id", "kind", "attempt", "run_dir", "spec"}; `spec.config` holds the
TrainConfig / GenerateConfig keys (other keys of `spec` belong to the backend and are
ignored). Train reads run_dir/data/{train,eval}.jsonl; generate and evaluate read
run_dir/data/items.jsonl.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tunix_rt_training.config import (
    ConfigError,
    GenerateConfig,
    TrainConfig,
    config_from_dict,
)
from tunix_rt_training.events import Reporter
from tunix_rt_training.run_dir import PREDICTIONS, RunDir
from tunix_rt_training.signals import EXIT_INTERRUPTED, StopRequest

JOB_KINDS = ("train", "generate", "evaluate", "tune")


def read_job(path: Path) -> dict[str, Any]:
    """Parse and check SPEC.json; a missing or malformed field raises ConfigError."""
    try:
        job = json.loads(path.read_text())
    except OSError as exc:
        raise ConfigError(f"cannot read job spec {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(job, dict):
        raise ConfigError(f"{path}: the job spec must be a JSON object")
    if job.get("kind") not in JOB_KINDS:
        raise ConfigError(
            f"kind: unknown job kind {job.get('kind')!r}; allowed: {', '.join(JOB_KINDS)}"
        )
    if not isinstance(job.get("run_dir"), str) or not job["run_dir"]:
        raise ConfigError("run_dir: must be the run directory's path")
    spec = job.get("spec") or {}
    if not isinstance(spec, Mapping):
        raise ConfigError("spec: must be an object")
    if spec.get("config") is not None and not isinstance(spec.get("config"), Mapping):
        raise ConfigError("spec.config: must be an object of config keys")
    return job


def run_job(path: Path, reporter: Reporter) -> int:
    """Run one job; return the process exit code (0 only after a `result` event)."""
    job = read_job(path)
    run = RunDir(Path(job["run_dir"]))
    config_data = dict(job.get("spec", {}).get("config") or {})
    attempt = int(job.get("attempt") or 1)
    if attempt > 1:
        reporter.log(f"attempt {attempt} of job {job.get('job_id')}: resuming from {run.root}")
    if job["kind"] == "tune":
        return _tune(job["spec"], run, reporter)
    if job["kind"] == "train":
        config = config_from_dict(TrainConfig, config_data)
        if job.get("spec", {}).get("dry_run"):
            return _dry_run(config, run, reporter)
        return _train(config, run, reporter)
    model = config_data.get("model")
    if isinstance(model, str) and not Path(model).is_absolute() and "://" not in model:
        config_data["model"] = str(run.root / model)
    generate_config = config_from_dict(GenerateConfig, config_data)
    if job["kind"] == "evaluate":
        return _evaluate(job["spec"], generate_config, run, reporter)
    return _generate(generate_config, run, reporter)


def _train(config: TrainConfig, run: RunDir, reporter: Reporter) -> int:
    from tunix_rt_training.train import run_training

    with StopRequest() as stop:
        outcome = run_training(config, run.train_data, run.eval_data, run, reporter, stop)
    if outcome.status != "completed" or outcome.result is None:
        return EXIT_INTERRUPTED
    reporter.result(outcome.result)
    return 0


def _dry_run(config: TrainConfig, run: RunDir, reporter: Reporter) -> int:
    from tunix_rt_training.dry_run import dry_run

    result = dry_run(config, run.train_data, run.eval_data, run, reporter)
    run.write_json(run.result, result)
    reporter.result(result)
    return 0


def _generate(config: GenerateConfig, run: RunDir, reporter: Reporter) -> int:
    from tunix_rt_training.generate import generate

    with StopRequest() as stop:
        result = generate(config, run.items_data, run.predictions, reporter, stop)
    if stop.requested:
        return EXIT_INTERRUPTED
    reporter.artifact(PREDICTIONS, "predictions")
    result["predictions"] = PREDICTIONS
    run.write_json(run.result, result)
    reporter.result(result)
    return 0


def _evaluate(
    spec: Mapping[str, Any], config: GenerateConfig, run: RunDir, reporter: Reporter
) -> int:
    from tunix_rt_training.evaluate import evaluate

    with StopRequest() as stop:
        result = evaluate(spec, config, run, reporter, stop)
    if result is None:
        return EXIT_INTERRUPTED
    run.write_json(run.result, result)
    reporter.result(result)
    return 0


def _tune(spec: Mapping[str, Any], run: RunDir, reporter: Reporter) -> int:
    # Ray installs its own SIGTERM handling; a stop surfaces as None from run_search.
    from tunix_rt_training.tune import run_search

    result = run_search(spec, run, reporter)
    if result is None:
        return EXIT_INTERRUPTED
    run.write_json(run.result, result)
    reporter.result(result)
    return 0
