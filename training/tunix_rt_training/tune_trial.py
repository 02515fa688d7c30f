"""One trial of a search, in a Ray worker process: train, report eval loss, evaluate.

Its events (the same protocol as a run's) go to `<runs>/<run id>/<spec events_file>`, a
file of this search attempt's own, which the driver relays to the worker as lines of the
trial's own run (docs/tuning.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import orjson

from tunix_rt_training.events import Reporter
from tunix_rt_training.tune_space import trial_config, trial_evaluation_id, trial_run_id

# Watched by ASHA and checked for divergence.
LOSSES = ("loss", "eval_loss")
# In the final result only: the trial trained (and evaluated) to the end of its budget.
COMPLETED = "completed"


class TrainingDiverged(RuntimeError):
    """A trial's loss became NaN or infinite: its remaining steps would be wasted."""


class TrialReporter(Reporter):
    """Writes the trial's events to its file and hands each eval loss to Tune (for ASHA).

    A non-finite loss ends the trial as failed: ASHA cannot rank NaN (it never stops such
    a trial), and a diverged model is not worth evaluating.
    """

    def __init__(self, stream: IO[bytes], objective: Mapping[str, Any]) -> None:
        super().__init__(stream, show_progress=False)
        self.objective = objective
        self.last_eval: dict[str, float] = {}

    def metric(self, step: int, values: Mapping[str, Any]) -> None:
        super().metric(step, values)
        for name in LOSSES:
            value = values.get(name)
            if value is not None and not math.isfinite(float(value)):
                raise TrainingDiverged(
                    f"training diverged: {name} is {float(value)} at step {step}; "
                    "lower learning_rate or weight_decay, or clip gradients (max_grad_norm)"
                )
        if values.get("eval_loss") is None:
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


def judge_objective(
    objective: Mapping[str, Any], outcomes: Sequence[Mapping[str, Any]]
) -> tuple[float, str | None]:
    """The judge's mean score or pass rate over the items' verdicts; NaN with the reason
    when no verdict counts (every one unparseable)."""
    judge, metric = objective["judge"], objective["metric"]
    if metric == "pass_rate":
        decided = [o for o in outcomes if o["outcome"] != "unparseable"]
        if decided:
            return sum(o["outcome"] == "pass" for o in decided) / len(decided), None
    else:
        scored = [o["score"] for o in outcomes if o["score"] is not None]
        if scored:
            return sum(scored) / len(scored), None
    reasons = sorted({str((o.get("details") or {}).get("reason", "")) for o in outcomes} - {""})
    why = f" ({'; '.join(reasons[:3])})" if reasons else ""
    return math.nan, (
        f"the objective {metric} of {judge} could not be computed: 0 of {len(outcomes)} "
        f"items were parseable{why}"
    )


def loss_objective(objective: Mapping[str, Any], last_eval: Mapping[str, float]) -> float:
    return float(last_eval.get(objective["metric"], math.nan))


def _judge_score(
    spec: Mapping[str, Any], export: Path, eval_dir: Path, reporter: Reporter
) -> tuple[float, str | None]:
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
    return judge_objective(objective, [v["scores"][objective["judge"]] for v in verdicts])


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
    with (run.root / spec["events_file"]).open("ab") as stream:
        reporter = TrialReporter(stream, objective)
        config = config_from_dict(TrainConfig, trial_config(spec, params))
        outcome = run_training(
            config, Path(spec["train_path"]), Path(spec["eval_path"]), run, reporter
        )
        if outcome.status != "completed" or outcome.result is None:
            raise RuntimeError(f"training ended as {outcome.status}")
        reporter.result(outcome.result)
        run.write_json(run.result, outcome.result)  # the driver reads it (not a Tune metric)
        # `completed`, not Tune's own `done`: Tune also marks the result that ASHA stops a
        # trial at as done.
        final: dict[str, Any] = {**reporter.last_eval, "step": config.max_steps, COMPLETED: True}
        if objective["kind"] == "judge":
            eval_dir = Path(spec["runs_dir"]) / trial_evaluation_id(run_id)
            value, why = _judge_score(spec, run.export, eval_dir, reporter)
            final["evaluation"] = {"dir": str(eval_dir)}
        else:
            value = loss_objective(objective, reporter.last_eval)
            why = None
        if not math.isfinite(value):
            why = why or (
                f"the objective {objective['metric']} could not be computed: training's last "
                f"evaluation gave {reporter.last_eval.get(objective['metric'])}"
            )
            reporter.log(why, "error")
            final["objective_error"] = why
        final["objective"] = value
    tune.report(final)
