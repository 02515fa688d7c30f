"""Shapes of the evaluations API."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tunix_rt.core.seeds import SEED_MAX
from tunix_rt.generations.schemas import GenerationConfig


class JudgeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=64, description="a name from GET /api/judges")
    params: dict[str, Any] = Field(default_factory=dict)


class EvaluationGeneration(GenerationConfig):
    # Worked arithmetic answers run to ~100 tokens; 64 would cut many of them off.
    max_new_tokens: int = Field(default=160, ge=1, le=32_768)


def default_judges() -> list[JudgeRequest]:
    return [JudgeRequest(name="answer_correctness")]


class EvaluationCreate(BaseModel):
    """Evaluate one model on one dataset split with one or more judges."""

    model_config = ConfigDict(extra="forbid")
    run_id: str | None = Field(default=None, description="a succeeded training run")
    model: str | None = Field(
        default=None, description="a registry version: registry://name@3 or registry://name#alias"
    )
    dataset_key: str = Field(min_length=1, max_length=200)
    split: Literal["train", "eval", "all"] = "eval"
    limit: int | None = Field(default=None, ge=1, description="only the first N items")
    judges: list[JudgeRequest] = Field(default_factory=default_judges, min_length=1, max_length=8)
    generation: EvaluationGeneration = Field(default_factory=EvaluationGeneration)
    tags: list[str] = Field(default_factory=list, max_length=20)
    force: bool = Field(default=False, description="evaluate again even if an identical one exists")
    priority: int = Field(default=0, ge=-100, le=100)

    @model_validator(mode="after")
    def _one_model(self) -> "EvaluationCreate":
        if (self.run_id is None) == (self.model is None):
            raise ValueError("give exactly one of run_id or model")
        names = [j.name for j in self.judges]
        if len(set(names)) != len(names):
            raise ValueError("judges: each judge may appear once")
        return self


class JudgeSetup(BaseModel):
    """How a judge was set up for an evaluation; scores of different setups never mix."""

    name: str
    version: str
    params: dict[str, Any] = Field(description="every parameter, defaults filled in")
    judge_model: dict[str, Any] | None = Field(
        default=None, description="model judges: the pinned registry version or HTTP endpoint"
    )
    judge_key: str = Field(description="short hash of the setup (name, version, params, model)")


class JudgeScore(BaseModel):
    judge: str
    judge_version: str
    judge_key: str = Field(description="the judge's setup (see `judges`); ranks within one")
    mean: float | None = Field(description="mean score over scored items, 0-1")
    ci_low: float | None = Field(description="95% bootstrap confidence interval, low end")
    ci_high: float | None
    n: int = Field(description="items scored (unparseable ones excluded)")
    passed: int
    failed: int
    unparseable: int


class Evaluation(BaseModel):
    evaluation_id: str
    status: str
    existing: bool = Field(default=False, description="an identical evaluation was returned")
    model_ref: str
    model_name: str
    run_id: str | None
    model_version_id: str | None
    dataset_key: str
    dataset_hash: str
    split: str
    judges: list[dict[str, Any]]
    generation: dict[str, Any]
    tags: list[str]
    item_count: int | None
    scores: list[JudgeScore]
    progress: dict[str, Any] | None
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None


class ItemVerdict(BaseModel):
    outcome: Literal["pass", "fail", "unparseable"]
    score: float | None
    details: dict[str, Any]


class EvaluationItem(BaseModel):
    position: int
    trace_id: str
    prompt: str
    expected_answer: str | None
    output: str
    output_tokens: int
    finish_reason: str | None
    latency_s: float
    scores: dict[str, ItemVerdict]


class CompareRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    a: str = Field(description="evaluation id of the reference model")
    b: str = Field(description="evaluation id of the challenger")
    judge: str | None = Field(default=None, description="default: the one judge both share")
    resamples: int = Field(default=2000, ge=100, le=100_000)
    seed: int = Field(default=0, ge=0, le=SEED_MAX, description="of the bootstrap")


class PairedBootstrap(BaseModel):
    mean_difference: float = Field(description="mean of b - a over paired items")
    ci_low: float
    ci_high: float
    p_value: float


class McNemar(BaseModel):
    statistic: float
    p_value: float
    method: str


class Comparison(BaseModel):
    a: str
    b: str
    judge: str
    judge_key: str = Field(description="the judge's setup, the same in both evaluations")
    dataset_key: str
    split: str
    paired_items: int
    skipped_unparseable: int
    wins: int = Field(description="items where b scored higher than a")
    losses: int = Field(description="items where b scored lower than a")
    ties: int
    mean_a: float
    mean_b: float
    paired_bootstrap: PairedBootstrap
    mcnemar: McNemar = Field(description="on pass/fail outcomes of the paired items")
    significant: bool = Field(description="paired bootstrap p < 0.05")
    better: Literal["a", "b", "neither"]
