"""One trial of a search, in a Ray worker process: train, report eval loss, evaluate.

Its events (the same protocol as a run's) go to `<runs>/<run id>/events.jsonl`, which the
driver relays to the worker as lines of the trial's own run (docs/tuning.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import orjson

from tunix_rt_training.events import Reporter
from tunix_rt_training.tune_space import trial_config, trial_evaluation_id, trial_run_id

EVENTS = "events.jsonl"


class TrialReporter(Reporter):
    """Writes the trial's events to its file and hands each eval loss to Tune (for ASHA)."""

    def __init__(self, stream: IO[bytes], objective: Mapping[str, Any]) -> None:
        super().__init__(stream, show_progress=False)
        self.objective = objective
        self.last_eval: dict[str, float] = {}

    def metric(self, step: int, values: Mapping[str, Any]) -> None:
        super().metric(step, values)
        if "eval_loss" not in values or values["eval_loss"] is None:
            return
        from ray import tune

        self.last_eval = {
            "eval_loss": float(values["eval_loss"]),
            "eval_perplexity": float(
                values.get("eval_perplexity") or math.exp(values["eval_loss"])
            ),
        }
        report = {**self.last_eval, "step": int(step)}
        if self.objective["kind"] == "loss":
            report["objective"] = self.last_eval[self.objective["metric"]]
        tune.report(report)


def _judge_score(
    spec: Mapping[str, Any], export: Path, eval_dir: Path, reporter: Reporter
) -> tuple[float, dict[str, Any]]:
    """Evaluate the trial's model with the objective's judge on the eval items."""
    from tunix_rt_training.config import GenerateConfig, config_from_dict
    from tunix_rt_training.evaluate import evaluate
    from tunix_rt_training.run_dir import RunDir
    from tunix_rt_training.signals import StopRequest

    objective = spec["objective"]
    run = RunDir(eval_dir)
    run.items_data.parent.mkdir(parents=True, exist_ok=True)
    lines = Path(spec["items_path"]).read_bytes().splitlines()
    if objective.get("eval_limit"):
        lines = lines[: int(objective["eval_limit"])]
    run.items_data.write_bytes(b"".join(line + b"\n" for line in lines))
    judges = [{"name": objective["judge"], "params": objective.get("judge_params") or {}}]
    generation = objective.get("generation") or {}
    config = config_from_dict(
        GenerateConfig,
        {"model": str(export), "template": spec.get("template"), **generation},
    )
    # Not entered: signal handlers can only be set in a main thread, and Tune stops a
    # trial by ending its worker process, not by a signal to this function.
    result = evaluate({"judges": judges, "judge_models": {}}, config, run, reporter, StopRequest())
    if result is None:
        raise RuntimeError("the trial's evaluation was stopped")
    run.write_json(run.result, result)  # the worker stores it with the evaluation
    verdicts = [orjson.loads(x) for x in (eval_dir / "judgements.jsonl").read_bytes().splitlines()]
    outcomes = [v["scores"][objective["judge"]] for v in verdicts]
    scored = [o["score"] for o in outcomes if o["score"] is not None]
    if objective["metric"] == "pass_rate":
        decided = [o for o in outcomes if o["outcome"] != "unparseable"]
        value = sum(o["outcome"] == "pass" for o in decided) / len(decided) if decided else math.nan
    else:
        value = sum(scored) / len(scored) if scored else math.nan
    return value, result


def run_trial(params: dict[str, Any], spec: Mapping[str, Any]) -> None:
    """Ray Tune's trainable: `params` are the sampled hyperparameters."""
    from ray import tune

    from tunix_rt_training.config import TrainConfig, config_from_dict
    from tunix_rt_training.run_dir import RunDir
    from tunix_rt_training.train import run_training

    trial_key = tune.get_context().get_trial_id()
    run_id = trial_run_id(spec["tuning_job_id"], trial_key)
    run = RunDir(Path(spec["runs_dir"]) / run_id)
    run.root.mkdir(parents=True, exist_ok=True)
    objective = spec["objective"]
    with (run.root / EVENTS).open("ab") as stream:
        reporter = TrialReporter(stream, objective)
        config = config_from_dict(TrainConfig, trial_config(spec, params))
        outcome = run_training(
            config, Path(spec["train_path"]), Path(spec["eval_path"]), run, reporter
        )
        if outcome.status != "completed" or outcome.result is None:
            raise RuntimeError(f"training ended as {outcome.status}")
        reporter.result(outcome.result)
        run.write_json(run.result, outcome.result)  # the driver reads it (not a Tune metric)
        final: dict[str, Any] = {**reporter.last_eval, "step": config.max_steps, "done": True}
        if objective["kind"] == "judge":
            eval_dir = Path(spec["runs_dir"]) / trial_evaluation_id(run_id)
            value, _ = _judge_score(spec, run.export, eval_dir, reporter)
            final["objective"] = value
            final["evaluation"] = {"dir": str(eval_dir)}
        else:
            final["objective"] = reporter.last_eval.get(objective["metric"], math.nan)
    tune.report(final)
