"""Shapes of the regression API: baselines and the checks made against them."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tunix_rt.evaluations.schemas import JudgeSetup

Direction = Literal["higher", "lower"]
ToleranceKind = Literal["absolute", "relative"]
Verdict = Literal["pass", "fail"]


class BaselineCreate(BaseModel):
    """A named evaluation to compare later evaluations against.

    Native: `{name, evaluation_id, judge?, metric?, ...}`. Compat: `{name, run_id, metric}`,
    where the run's latest finished evaluation is used and `metric` may also be "score" (the
    mean) or a judge's name (that judge's mean).
    """

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, pattern=r"^[^/\s][^/]*$")
    evaluation_id: str | None = Field(default=None, description="a finished evaluation")
    run_id: str | None = Field(default=None, description="compat: the run's latest evaluation")
    judge: str | None = Field(
        default=None, max_length=64, description="default: the evaluation's only judge"
    )
    metric: str = Field(
        default="mean",
        min_length=1,
        max_length=64,
        description='"mean" or "pass_rate"; compat also "score" (= mean) or a judge name',
    )
    direction: Direction = Field(default="higher", description="which way is better")
    tolerance: float = Field(default=0.0, ge=0, description="how much worse still passes")
    tolerance_kind: ToleranceKind = Field(
        default="absolute", description="relative: a fraction of |baseline value|"
    )
    description: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _one_evaluation(self) -> "BaselineCreate":
        if (self.evaluation_id is None) == (self.run_id is None):
            raise ValueError("give exactly one of evaluation_id or run_id")
        return self


class Interval(BaseModel):
    low: float
    high: float


class Baseline(BaseModel):
    name: str
    description: str | None
    evaluation_id: str
    run_id: str | None
    model_version_id: str | None
    model_name: str
    dataset_key: str
    dataset_hash: str
    split: str
    judge: str
    judge_version: str
    judge_key: str = Field(description="the judge's setup; checks need the same one")
    judge_setup: JudgeSetup = Field(description="the setup the baseline was made with")
    metric: Literal["mean", "pass_rate"]
    value: float = Field(description="the metric of the baseline's evaluation")
    ci: Interval | None = Field(description="95% interval of the value (see docs)")
    direction: Direction
    tolerance: float
    tolerance_kind: ToleranceKind
    created_at: datetime


class CheckRequest(BaseModel):
    """Native `{baseline_name, evaluation_id}` or compat `{baseline_name, run_id}`."""

    model_config = ConfigDict(extra="forbid")
    baseline_name: str = Field(min_length=1, max_length=200)
    evaluation_id: str | None = None
    run_id: str | None = Field(
        default=None, description="the run's latest finished evaluation on the same dataset"
    )

    @model_validator(mode="after")
    def _one_evaluation(self) -> "CheckRequest":
        if (self.evaluation_id is None) == (self.run_id is None):
            raise ValueError("give exactly one of evaluation_id or run_id")
        return self


class RegressionCheck(BaseModel):
    check_id: str
    baseline_name: str
    verdict: Verdict = Field(description="fail iff worse than the baseline by > allowed_drop")
    metric: Literal["mean", "pass_rate"]
    baseline_value: float
    current_value: float
    delta: float = Field(description="current - baseline")
    delta_percent: float | None = Field(description="100 * delta / |baseline|; null if 0")
    direction: Direction
    tolerance: float
    tolerance_kind: ToleranceKind
    allowed_drop: float = Field(description="tolerance in the metric's units")
    significant: bool = Field(description="the two 95% intervals do not overlap")
    baseline_ci: Interval | None
    current_ci: Interval | None
    baseline_evaluation_id: str
    evaluation_id: str
    judge: str
    baseline_judge_version: str
    judge_version: str
    judge_key: str | None = Field(
        default=None,
        description="the judge setup both evaluations share (null in checks recorded before "
        "setups were compared)",
    )
    dataset_key: str
    split: str
    created_at: datetime
