"""What a tuning objective can be, and resolving one for the `tune` job's spec.

Two kinds: training's own evaluation gives `eval_loss` and `eval_perplexity` (no judge);
a judge scoring each trial's answers on the eval split gives `mean` and `pass_rate`.
"""

from typing import Any

from tunix_rt.core.judges.base import JudgeError
from tunix_rt.core.judges.registry import JUDGE_NAMES, JUDGES, make_judge
from tunix_rt.errors import ApiError
from tunix_rt.tuning.schemas import Objective

LOSS_METRICS = ("eval_loss", "eval_perplexity")
JUDGE_METRICS = ("mean", "pass_rate")
DEFAULT_DIRECTION = {"loss": "min", "judge": "max"}
# The metric ASHA compares trials on while they train, whatever the objective.
INTERMEDIATE_METRIC = "eval_loss"


def tuning_judges() -> list[str]:
    """Judges usable as objectives: those that need no model of their own."""
    return [name for name in JUDGE_NAMES if not JUDGES[name].requires_model]


def _what_each_produces() -> str:
    return (
        f"training's own evaluation produces {' or '.join(LOSS_METRICS)} (give no judge); "
        f"a judge ({', '.join(tuning_judges())}) produces {' or '.join(JUDGE_METRICS)}"
    )


def resolve_objective(objective: Objective) -> dict[str, Any]:
    """The objective as the spec holds it, judge params with defaults; 422 if it cannot be
    measured."""
    if objective.judge is None:
        return _loss_objective(objective)
    name = objective.judge
    cls = JUDGES.get(name)
    if cls is None:
        raise ApiError(
            422, f"objective.judge: unknown judge {name!r}; choose one of {', '.join(JUDGE_NAMES)}"
        )
    if cls.requires_model:
        raise ApiError(
            422,
            f"objective.judge: {name} is not supported as a tuning objective: needs a judge "
            f"model per trial; choose one of {', '.join(tuning_judges())}",
        )
    if objective.metric not in JUDGE_METRICS:
        raise ApiError(
            422,
            f"objective.metric: judge {name} cannot produce {objective.metric!r}; "
            + _what_each_produces(),
        )
    try:
        judge = make_judge(name, objective.params)
    except JudgeError as exc:
        raise ApiError(422, f"objective.{exc.field}: {exc.message}") from exc
    return {
        "kind": "judge",
        "metric": objective.metric,
        "direction": objective.direction or DEFAULT_DIRECTION["judge"],
        "judge": judge.name,
        "judge_version": judge.version,
        "judge_params": dict(judge.params),
        "generation": objective.generation.model_dump(mode="json"),
        "eval_limit": objective.eval_limit,
    }


def _loss_objective(objective: Objective) -> dict[str, Any]:
    metric = objective.metric
    if metric not in LOSS_METRICS:
        hint = (
            f"; {metric} is a judge: use {{'judge': '{metric}', 'metric': 'mean'}}"
            if metric in JUDGE_NAMES
            else ""
        )
        need = "needs a judge" if metric in JUDGE_METRICS else "is not an objective"
        raise ApiError(422, f"objective.metric: {metric!r} {need}; {_what_each_produces()}{hint}")
    judge_only = [
        f for f in ("params", "generation", "eval_limit") if f in objective.model_fields_set
    ]
    if judge_only:
        raise ApiError(
            422,
            f"objective: {', '.join(judge_only)} apply to judge objectives only; {metric} comes "
            "from training's own evaluation of the eval split",
        )
    return {
        "kind": "loss",
        "metric": metric,
        "direction": objective.direction or DEFAULT_DIRECTION["loss"],
        "judge": None,
        "judge_version": None,
        "judge_params": {},
        "generation": None,
        "eval_limit": None,
    }
