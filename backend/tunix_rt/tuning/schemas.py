"""Shapes of the tuning API: the search (space, objective, algorithm, scheduler) and its trials."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tunix_rt.core.judges.registry import JUDGE_NAMES
from tunix_rt.core.registry_refs import MODEL_NAME
from tunix_rt.core.seeds import SEED_MAX
from tunix_rt.tunix_runs.schemas import AutoEvaluate

# --- search space -------------------------------------------------------------------------


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    when: dict[str, list[Any]] | None = Field(
        default=None,
        description="sampled only in trials where another (unconditional choice) entry took "
        'one of these values, e.g. {"schedule": ["cosine"]}; otherwise not set by the search',
    )


class ChoiceEntry(_Entry):
    """One of `values`, each equally likely."""

    type: Literal["choice"]
    values: list[Any] = Field(min_length=1, max_length=100)


class _Range(_Entry):
    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> "_Range":
        if not self.min < self.max:
            raise ValueError(f"min ({self.min:g}) must be less than max ({self.max:g})")
        return self


class UniformEntry(_Range):
    """A float drawn uniformly from [min, max]."""

    type: Literal["uniform"]


class LogUniformEntry(_Range):
    """A float whose logarithm is uniform over [log min, log max]; min must be > 0."""

    type: Literal["loguniform"]

    @model_validator(mode="after")
    def _positive(self) -> "LogUniformEntry":
        if self.min <= 0:
            raise ValueError(f"loguniform needs min > 0, got {self.min:g}")
        return self


class QUniformEntry(_Range):
    """uniform, rounded to a multiple of `q`."""

    type: Literal["quniform"]
    q: float = Field(gt=0)


class RandIntEntry(_Entry):
    """An integer from min to max, both included."""

    type: Literal["randint"]
    min: int
    max: int

    @model_validator(mode="after")
    def _ordered(self) -> "RandIntEntry":
        if not self.min < self.max:
            raise ValueError(f"min ({self.min}) must be less than max ({self.max})")
        return self


SearchSpaceEntry = Annotated[
    ChoiceEntry | UniformEntry | LogUniformEntry | QUniformEntry | RandIntEntry,
    Field(discriminator="type"),
]


# --- objective and scheduler ----------------------------------------------------------------


class ObjectiveGeneration(BaseModel):
    """How a trial's model answers the eval items its judge scores."""

    model_config = ConfigDict(extra="forbid")
    # Worked arithmetic answers run to ~100 tokens, as for evaluations.
    max_new_tokens: int = Field(default=160, ge=1, le=32_768)
    batch_size: int = Field(default=32, ge=1, le=4096)


class Objective(BaseModel):
    """What a trial is scored on: training's eval loss, or a judge over the eval split."""

    model_config = ConfigDict(extra="forbid")
    metric: str = Field(
        min_length=1,
        max_length=64,
        description="eval_loss | eval_perplexity (no judge), or mean | pass_rate (with a judge)",
    )
    judge: str | None = Field(
        default=None, max_length=64, description="a name from GET /api/judges"
    )
    direction: Literal["min", "max"] | None = Field(
        default=None, description="default: min for losses, max for judge metrics"
    )
    split: Literal["eval"] = Field(default="eval", description="objectives use the eval split")
    params: dict[str, Any] = Field(default_factory=dict, description="the judge's parameters")
    generation: ObjectiveGeneration = Field(default_factory=ObjectiveGeneration)
    eval_limit: int | None = Field(default=None, ge=1, description="judge the first N eval items")


class Scheduler(BaseModel):
    """FIFO runs every trial to trial_max_steps; ASHA stops the worse ones early on eval_loss."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["fifo", "asha"] = "fifo"
    grace_period: int = Field(
        default=1, ge=1, description="evaluations (of eval_loss) a trial runs before it may stop"
    )
    reduction_factor: float = Field(default=4.0, gt=1, le=100)


# --- requests -----------------------------------------------------------------------------

# The earlier service's flat body (rest-compat.md): metric/mode/model_id at the top level.
COMPAT_KEYS = ("metric", "mode", "model_id")


class TuningJobCreate(BaseModel):
    """POST /api/tuning/jobs. The earlier body `{metric, mode, model_id, ...}` is also accepted
    and mapped onto `objective` and `base_model` (docs/tuning.md)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    dataset_key: str = Field(min_length=1, max_length=200)
    base_model: str = Field(
        default="tiny",
        min_length=1,
        max_length=1024,
        description="tiny | small | a local HF directory | registry://name@N or #alias",
    )
    objective: Objective
    search_space: dict[str, SearchSpaceEntry] = Field(
        min_length=1, max_length=32, description="hyperparameter -> distribution"
    )
    fixed_config: dict[str, Any] = Field(
        default_factory=dict, description="training config keys every trial shares"
    )
    trial_max_steps: int = Field(default=100, ge=1, le=1_000_000, description="steps per trial")
    num_samples: int = Field(default=10, ge=1, le=200, description="trials to run")
    max_concurrent_trials: int = Field(default=1, ge=1, le=64)
    search_alg: Literal["random", "tpe"] = Field(
        default="random", description="random sampling, or Optuna's TPE"
    )
    scheduler: Scheduler = Field(default_factory=Scheduler)
    seed: int = Field(default=0, ge=0, le=SEED_MAX, description="seed of the search algorithm")

    @model_validator(mode="before")
    @classmethod
    def _compat(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not any(k in data for k in COMPAT_KEYS):
            return data
        return compat_body(data)


def compat_body(data: dict[str, Any]) -> dict[str, Any]:
    """The earlier body mapped onto the native one; keys the native body lacks are dropped,
    as the earlier service ignored what it did not know."""
    if "objective" in data and ("metric" in data or "mode" in data):
        raise ValueError("give either objective or the earlier metric/mode, not both")
    if "base_model" in data and "model_id" in data:
        raise ValueError("give either base_model or the earlier model_id, not both")
    native = {k: v for k, v in data.items() if k in TuningJobCreate.model_fields}
    if "model_id" in data:
        native["base_model"] = data["model_id"]
    if "objective" not in data:
        if "metric" not in data:
            raise ValueError("metric is required with the earlier body (or give objective)")
        native["objective"] = compat_objective(data["metric"], data.get("mode"))
    return native


LOSS_ALIASES = {
    "eval_loss": "eval_loss",
    "loss": "eval_loss",
    "val_loss": "eval_loss",
    "eval_perplexity": "eval_perplexity",
    "perplexity": "eval_perplexity",
}
SCORE_JUDGE = "answer_correctness"  # the judge behind the earlier `score`, as for evaluations


def compat_objective(metric: Any, mode: Any) -> dict[str, Any]:
    """`metric` + `mode` of the earlier body as an objective (judges are checked later)."""
    if not isinstance(metric, str):
        raise ValueError(f"metric must be a string, got {metric!r}")
    if mode is not None and mode not in ("min", "max"):
        raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
    objective: dict[str, Any]
    if metric in LOSS_ALIASES:
        objective = {"metric": LOSS_ALIASES[metric]}
    elif metric in ("score", "mean"):
        objective = {"judge": SCORE_JUDGE, "metric": "mean"}
    elif metric == "pass_rate":
        objective = {"judge": SCORE_JUDGE, "metric": "pass_rate"}
    elif metric in JUDGE_NAMES:  # e.g. answer_correctness or exact_match: that judge's mean
        objective = {"judge": metric, "metric": "mean"}
    else:
        accepted = [*LOSS_ALIASES, "score", "mean", "pass_rate", *JUDGE_NAMES]
        raise ValueError(f"metric {metric!r} is not known; accepted: {', '.join(accepted)}")
    if mode is not None:
        objective["direction"] = mode
    return objective


class TuningStart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    priority: int = Field(default=0, ge=-100, le=100)


class BestRunCreate(BaseModel):
    """POST /api/tuning/jobs/{id}/best/run: train the best trial's configuration again."""

    model_config = ConfigDict(extra="forbid")
    max_steps: int | None = Field(default=None, ge=1, description="default: trial_max_steps")
    auto_evaluate: AutoEvaluate | bool = Field(
        default=False,
        description="true: evaluate with the objective's judge (answer_correctness for losses)",
    )
    priority: int = Field(default=0, ge=-100, le=100)


class BestPromote(BaseModel):
    """POST /api/tuning/jobs/{id}/best/promote: register the best trial's trained model."""

    model_config = ConfigDict(extra="forbid")
    model_name: str = Field(
        pattern=MODEL_NAME.pattern, description="created when missing; used in registry:// refs"
    )
    label: str | None = Field(default=None, max_length=200)


# --- responses ----------------------------------------------------------------------------


class TuningStatus(StrEnum):
    """`created` until started, then the `tune` job's status (tunix_rt.jobs.status)."""

    created = "created"
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancel_requested = "cancel_requested"
    cancelled = "cancelled"
    timed_out = "timed_out"


class IntermediatePoint(BaseModel):
    step: int
    value: float


class Trial(BaseModel):
    id: str
    trial_key: str
    params: dict[str, Any]
    status: str = Field(description="pending | running | succeeded | stopped | failed")
    run_id: str | None = Field(description="the trial's training run (GET /api/tunix/runs/{id})")
    evaluation_id: str | None
    intermediate: list[IntermediatePoint] = Field(description="training's eval_loss by step")
    final_metric: float | None = Field(description="the objective's value")
    error: str | None
    created_at: datetime
    updated_at: datetime


class TuningJob(BaseModel):
    id: str
    name: str
    status: str = Field(description="created until started, then the tune job's status")
    status_note: str | None
    job_id: str | None = Field(description="the `tune` job driving the search once started")
    dataset_key: str
    dataset_hash: str
    base_model: str
    model_version: dict[str, Any] | None = Field(description="the registry version pinned")
    objective: dict[str, Any]
    search_space: dict[str, dict[str, Any]]
    fixed_config: dict[str, Any]
    trial_max_steps: int
    num_samples: int
    max_concurrent_trials: int
    search_alg: str
    scheduler: dict[str, Any]
    seed: int
    progress: dict[str, Any] | None
    result: dict[str, Any] | None
    error: str | None
    trial_counts: dict[str, int] = Field(description="trials by status")
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class TuningJobDetail(TuningJob):
    trials: list[Trial]
    best_trial_id: str | None = Field(description="by final_metric and the objective's direction")


class BestTrial(BaseModel):
    tuning_job_id: str
    metric: str
    direction: str
    value: float
    trial: Trial
    config: dict[str, Any] = Field(
        description="the trial's training config: fixed_config, its params, model, template, "
        "max_steps = trial_max_steps (a RunCreate config)"
    )
